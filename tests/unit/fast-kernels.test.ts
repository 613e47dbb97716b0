// The fast WASM kernels against independent computation: products and column sums against float64
// loops in plain JS, fused Adam against the Adam formula in float64, on shapes that hit every edge of
// the kernels (partial tiles, K above the 256 block, empty sides, batches and broadcasting).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastKernelCalls, fastKernelsActive } from '../../src/core/kernels/fastKernels';
import { FusedAdam } from '../../src/core/optim/fusedAdam';
import { denseAct, type DenseParams } from '../../src/core/dense';
import { bernoulliLogLikFromLogits } from '../../src/core/bernoulli';
import { Rng } from '../../src/core/rng';
import { clampLogVar, LOGVAR_MAX, LOGVAR_MIN, reparameterize } from '../../src/core/gaussian';
import { standardNormalPrior } from '../../src/core/vae/priors/standardNormal';
import { standardElboMeansFast } from '../../src/core/kernels/gaussian';
import { wasmWithFastKernels, withFast } from './fastKernelsSetup';

const rng = new Rng(3);
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

beforeAll(async () => {
  expect(await wasmWithFastKernels()).toMatch(/WASM .*GEMM/);
});

/** C = op(A) op(B) in float64, with the sum of |terms| per entry (the scale of its rounding error). */
function refMatMul(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
) {
  const c = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let q = 0; q < k; q++) {
        const x = (ta ? a[q * m + i]! : a[i * k + q]!) * (tb ? b[j * k + q]! : b[q * n + j]!);
        s += x;
        t += Math.abs(x);
      }
      c[i * n + j] = s;
      scale[i * n + j] = t;
    }
  return { c, scale };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>, rel = 1e-5) {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1e-6 + scale[i]!));
  }
  expect(worst).toBeLessThan(rel);
}

describe('fast GEMM behind tf.matMul on the WASM backend', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 8, 8],
    [5, 7, 9],
    [33, 77, 21],
    [3, 300, 5], // K above the 256 block: accumulation across blocks
    [17, 513, 19],
    [128, 784, 40],
  ];
  for (const [m, k, n] of shapes)
    for (const ta of [false, true])
      for (const tb of [false, true])
        it(`${m}x${k} by ${k}x${n}, transposeA=${ta}, transposeB=${tb}`, () => {
          const a = randn(m * k);
          const b = randn(k * n);
          const before = fastKernelCalls.gemm;
          const got = tf.tidy(() =>
            tf
              .matMul(tf.tensor2d(a, ta ? [k, m] : [m, k]), tf.tensor2d(b, tb ? [n, k] : [k, n]), ta, tb)
              .dataSync(),
          );
          expect(fastKernelCalls.gemm).toBe(before + 1);
          const { c, scale } = refMatMul(a, b, m, k, n, ta, tb);
          expectClose(got, c, scale);
        });

  // The exact products of one classic VAE step (784-400-20, batch 128) as autodiff runs them: forward,
  // then dW = x^T dy and dx = dy W^T. The large ones go to the helper threads; K = 784 and 400 are cut in
  // even blocks (4 x 196, 2 x 200), and 20-wide sides end in partial tiles. Rows every 32nd and the last
  // (the edge tile) against float64, to keep the reference cheap. Its own random numbers, so that the
  // other tests keep theirs.
  const stepShapes: [number, number, number, boolean, boolean][] = [
    [128, 784, 400, false, false],
    [128, 400, 20, false, false],
    [128, 20, 400, false, false],
    [128, 400, 784, false, false],
    [400, 128, 784, true, false],
    [128, 784, 400, false, true],
    [20, 128, 400, true, false],
    [128, 400, 20, false, true],
    [400, 128, 20, true, false],
    [128, 20, 400, false, true],
    [784, 128, 400, true, false],
  ];
  it('the products of one classic VAE step, exact shapes and transposes', () => {
    const own = new Rng(14);
    const normals = (n: number) => {
      const f = new Float32Array(n);
      for (let i = 0; i < n; i++) f[i] = own.normal();
      return f;
    };
    for (const [m, k, n, ta, tb] of stepShapes) {
      const a = normals(m * k);
      const b = normals(k * n);
      const got = tf.tidy(() =>
        tf
          .matMul(tf.tensor2d(a, ta ? [k, m] : [m, k]), tf.tensor2d(b, tb ? [n, k] : [k, n]), ta, tb)
          .dataSync(),
      );
      const rows = Array.from({ length: m }, (_, i) => i).filter((i) => i % 32 === 0 || i === m - 1);
      // op(A)'s sampled rows as a row-major matrix, for the float64 reference.
      const aRows = new Float32Array(rows.length * k);
      rows.forEach((i, r) => {
        for (let q = 0; q < k; q++) aRows[r * k + q] = ta ? a[q * m + i]! : a[i * k + q]!;
      });
      const { c, scale } = refMatMul(aRows, b, rows.length, k, n, false, tb);
      const gotRows = new Float32Array(rows.length * n);
      rows.forEach((i, r) => gotRows.set(got.subarray(i * n, (i + 1) * n), r * n));
      expectClose(gotRows, c, scale);
    }
  });

  it('batched products, with a batch of one broadcast against the other', () => {
    const [m, k, n] = [6, 10, 9];
    const a = randn(3 * m * k);
    const b = randn(k * n);
    const got = tf.tidy(() => tf.matMul(tf.tensor3d(a, [3, m, k]), tf.tensor3d(b, [1, k, n])).dataSync());
    for (let i = 0; i < 3; i++) {
      const { c, scale } = refMatMul(a.subarray(i * m * k, (i + 1) * m * k), b, m, k, n, false, false);
      expectClose(got.subarray(i * m * n, (i + 1) * m * n), c, scale);
    }
    const b2 = randn(3 * k * n);
    const got2 = tf.tidy(() => tf.matMul(tf.tensor3d(a, [3, m, k]), tf.tensor3d(b2, [3, k, n])).dataSync());
    for (let i = 0; i < 3; i++) {
      const { c, scale } = refMatMul(
        a.subarray(i * m * k, (i + 1) * m * k),
        b2.subarray(i * k * n, (i + 1) * k * n),
        m,
        k,
        n,
        false,
        false,
      );
      expectClose(got2.subarray(i * m * n, (i + 1) * m * n), c, scale);
    }
  });

  it('an empty inner dimension gives zeros, an empty side an empty result', () => {
    const z = tf.tidy(() => tf.matMul(tf.ones([3, 0]), tf.ones([0, 4])).dataSync());
    expect(Array.from(z)).toEqual(new Array(12).fill(0));
    const e = tf.tidy(() => tf.matMul(tf.ones([0, 5]), tf.ones([5, 4])).shape);
    expect(e).toEqual([0, 4]);
  });

  it('mismatched inner sizes still give tfjs error message', () => {
    expect(() => tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([4, 5])))).toThrow(/inner shapes/);
  });
});

describe('column sums (bias gradients) behind tf.sum(x, 0)', () => {
  for (const [m, n] of [
    [1, 1],
    [128, 400],
    [7, 13],
    [0, 5],
  ] as const)
    it(`${m}x${n}, with and without keepDims`, () => {
      const x = randn(m * n);
      const want = new Float64Array(n);
      const scale = new Float64Array(n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          want[j] += x[i * n + j]!;
          scale[j] += Math.abs(x[i * n + j]!);
        }
      const before = fastKernelCalls.columnSums;
      const [s, k] = tf.tidy(() => {
        const t = tf.tensor2d(x, [m, n]);
        return [tf.sum(t, 0), tf.sum(t, -2, true)];
      });
      expect(fastKernelCalls.columnSums).toBe(before + 2);
      expect(s!.shape).toEqual([n]);
      expect(k!.shape).toEqual([1, n]);
      expectClose(s!.dataSync(), want, scale);
      expectClose(k!.dataSync(), want, scale);
      tf.dispose([s!, k!]);
    });

  it('other reductions still give tfjs results', () => {
    const x = randn(12);
    const rows = tf.tidy(() => tf.sum(tf.tensor2d(x, [3, 4]), 1).dataSync());
    for (let i = 0; i < 3; i++)
      expect(rows[i]!).toBeCloseTo(x[4 * i]! + x[4 * i + 1]! + x[4 * i + 2]! + x[4 * i + 3]!, 5);
  });
});

describe('fused Adam', () => {
  /** Adam in float64, as Kingma & Ba write it (with PyTorch's and tfjs's placement of epsilon). */
  function refAdam(w0: Float32Array, grads: Float32Array[], lr: number, b1: number, b2: number, eps: number) {
    const w = Float64Array.from(w0);
    const m = new Float64Array(w.length);
    const v = new Float64Array(w.length);
    grads.forEach((g, t) => {
      for (let i = 0; i < w.length; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mh = m[i]! / (1 - b1 ** (t + 1));
        const vh = v[i]! / (1 - b2 ** (t + 1));
        w[i] = w[i]! - (lr * mh) / (Math.sqrt(vh) + eps);
      }
    });
    return w;
  }

  for (const fast of [true, false])
    it(`matches the formula over 5 steps (${fast ? 'fused kernel' : 'tfjs ops'}); a clone of w keeps its value`, () => {
      withFast(fast, () => {
        const shape = [5, 7]; // 35 values: the SIMD loop and its scalar tail
        const w0 = randn(35);
        const grads = Array.from({ length: 5 }, () => randn(35));
        const w = tf.variable(tf.tensor(w0, shape));
        const opt = new FusedAdam(0.01, 0.9, 0.999, 1e-8);
        const before = fastKernelCalls.adam;
        let clone: tf.Tensor | null = null;
        let cloneAt: Float32Array | null = null;
        grads.forEach((g, t) => {
          if (t === 2) {
            // A tensor sharing w's data (as tf.clone makes) must not see the update.
            clone = tf.clone(w);
            cloneAt = w.dataSync().slice() as Float32Array;
          }
          tf.tidy(() => opt.applyGradients({ [w.name]: tf.tensor(g, shape) }));
        });
        expect(fastKernelCalls.adam - before).toBe(fast ? 5 : 0);
        const want = refAdam(w0, grads, 0.01, 0.9, 0.999, 1e-8);
        expectClose(
          w.dataSync(),
          want,
          Float64Array.from(want, (x) => Math.abs(x)),
          1e-5,
        );
        expect(Array.from(clone!.dataSync())).toEqual(Array.from(cloneAt!));
        tf.dispose([w, clone!]);
        opt.dispose();
      });
    });

  it('the fast path is what the model code sees as active', () => {
    expect(fastKernelsActive()).toBe(true);
    withFast(false, () => expect(fastKernelsActive()).toBe(false));
  });
});

describe('fused Bernoulli log-likelihood from logits', () => {
  // Extreme and ordinary logits, grey-level and binary pixels; 11 columns: the SIMD loop and its tail.
  const L = [-120, -30, -5, -1, -1e-3, 0, 1e-3, 0.7, 3, 30, 120];
  const X = [0, 1, 0.3, 1, 0.5, 0, 1, 0.2, 0.9, 0, 1];
  const rows = 3;
  const logits = Float32Array.from(
    { length: rows * 11 },
    (_, i) => L[i % 11]! * (1 + 0.1 * Math.floor(i / 11)),
  );
  const x = Float32Array.from({ length: rows * 11 }, (_, i) => X[i % 11]!);
  const dy = [1, -0.5, 2];
  const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  it('value per row and gradients wrt the logits and x match the closed forms', () => {
    const before = fastKernelCalls.bernoulli;
    const [value, gl, gx] = tf.tidy(() => {
      const xt = tf.tensor2d(x, [rows, 11]);
      const lt = tf.tensor2d(logits, [rows, 11]);
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(bernoulliLogLikFromLogits(a as tf.Tensor2D, b as tf.Tensor2D), tf.tensor1d(dy)));
      const [dx, dl] = tf.grads(f)([xt, lt]);
      return [bernoulliLogLikFromLogits(xt, lt).dataSync(), dl!.dataSync(), dx!.dataSync()];
    });
    expect(fastKernelCalls.bernoulli).toBeGreaterThan(before);
    for (let r = 0; r < rows; r++) {
      let want = 0;
      let scale = 0;
      for (let c = 0; c < 11; c++) {
        const i = r * 11 + c;
        // log p(x | l) = x log sigmoid(l) + (1 - x) log(1 - sigmoid(l)) = l x - softplus(l)
        want += logits[i]! * x[i]! - softplus(logits[i]!);
        scale += Math.abs(logits[i]!) + 1;
        expect(Math.abs(gl![i]! - dy[r]! * (x[i]! - sigmoid(logits[i]!)))).toBeLessThan(
          1e-6 * (1 + Math.abs(dy[r]!)),
        );
        expect(Math.abs(gx![i]! - dy[r]! * logits[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(logits[i]!)));
      }
      expect(Math.abs(value![r]! - want)).toBeLessThan(1e-6 * scale);
    }
  });
});

describe('Identity and same-dtype Cast share data', () => {
  it('a clone shares the data, outlives the original, and other casts still convert', () => {
    const a = tf.tensor1d([1.5, -2, 3]);
    const b = tf.clone(a);
    const c = tf.cast(a, 'float32');
    expect(b.dataId).toBe(a.dataId);
    expect(c.dataId).toBe(a.dataId);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1.5, -2, 3]);
    b.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3]);
    const i = tf.cast(c, 'int32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([c, i]);
  });
});

describe('Gaussian posterior kernels: reparameterisation and KL to N(0, I)', () => {
  // Against float64 closed forms: z = mu + exp(lv/2) eps, dz/dmu = 1, dz/dlv = eps exp(lv/2) / 2;
  // KL_j = (exp(lv) + mu^2 - 1 - lv) / 2, dKL/dmu = mu, dKL/dlv = (exp(lv) - 1) / 2; weighted by r.
  const n = 7;
  const d = 5;
  const mu = randn(n * d);
  const lv = randn(n * d).map((v) => 2 * v);
  const eps = randn(n * d);
  const r = randn(n * d);
  const close = (got: ArrayLike<number>, want: (i: number) => number, what: string) => {
    for (let i = 0; i < n * d; i++)
      expect(Math.abs(got[i]! - want(i)), `${what}[${i}]`).toBeLessThan(1e-5 * (1 + Math.abs(want(i))));
  };
  const run = (f: (m: tf.Tensor2D, l: tf.Tensor2D) => tf.Tensor) =>
    tf.tidy(() => {
      const m = tf.tensor2d(mu, [n, d]);
      const l = tf.tensor2d(lv, [n, d]);
      const rt = tf.tensor2d(r, [n, d]);
      const value = f(m, l).dataSync();
      const [gm, gl] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D), rt)),
      )([m, l]);
      return [value, gm!.dataSync(), gl!.dataSync()];
    });

  it('the reparameterisation and its gradients', () => {
    const before = fastKernelCalls.gaussian;
    const [z, gm, gl] = run((m, l) => reparameterize(m, l, tf.tensor2d(eps, [n, d])));
    expect(fastKernelCalls.gaussian).toBe(before + 2);
    close(z!, (i) => mu[i]! + Math.exp(lv[i]! / 2) * eps[i]!, 'z');
    close(gm!, (i) => r[i]!, 'dz/dmu');
    close(gl!, (i) => (r[i]! * eps[i]! * Math.exp(lv[i]! / 2)) / 2, 'dz/dlv');
  });

  it("the classic objective's means (recon, KL, loss) and their gradients, with 2 samples per example", () => {
    // logLik has k n = 2n entries (two samples per example), mu and logVar n rows: recon averages 2n
    // values, the KL n rows. Closed forms in float64; the upstream weights (wl, wr, wk) on all three outputs.
    const ll = randn(2 * n).map((v) => -100 + 10 * v);
    const beta = 0.7;
    const [wl, wr, wk] = [1.3, -0.4, 2.1];
    const klRow = (i: number) => {
      let t = 0;
      for (let j = 0; j < d; j++)
        t += (Math.exp(lv[i * d + j]!) + mu[i * d + j]! ** 2 - 1 - lv[i * d + j]!) / 2;
      return t;
    };
    const recon = -ll.reduce((a, b) => a + b, 0) / (2 * n);
    let kl = 0;
    for (let i = 0; i < n; i++) kl += klRow(i) / n;
    const before = fastKernelCalls.gaussian;
    const [vals, gll, gm, gl] = tf.tidy(() => {
      const l = tf.tensor1d(ll);
      const m = tf.tensor2d(mu, [n, d]);
      const v = tf.tensor2d(lv, [n, d]);
      const out = standardElboMeansFast(l, m, v, beta).map((t) => t.dataSync()[0]!);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const [lo, re, kk] = standardElboMeansFast(
          a as tf.Tensor1D,
          b as tf.Tensor2D,
          c as tf.Tensor2D,
          beta,
        );
        return tf.addN([tf.mul(wl, lo), tf.mul(wr, re), tf.mul(wk, kk)]);
      })([l, m, v]);
      return [out, ...g.map((t) => t.dataSync())];
    });
    expect(fastKernelCalls.gaussian).toBe(before + 2);
    const want = [recon + beta * kl, recon, kl];
    ['loss', 'recon', 'kl'].forEach((what, i) =>
      expect(Math.abs(vals![i]! - want[i]!), what).toBeLessThan(1e-5 * (1 + Math.abs(want[i]!))),
    );
    const cr = -(wl + wr) / (2 * n);
    const ck = (beta * wl + wk) / n;
    for (let i = 0; i < 2 * n; i++) expect(Math.abs(gll![i]! - cr), `dlogLik[${i}]`).toBeLessThan(1e-6);
    close(gm!, (i) => ck * mu[i]!, 'dmu');
    close(gl!, (i) => (ck * (Math.exp(lv[i]!) - 1)) / 2, 'dlogVar');
  });

  it('the log-variance clamp and its gradient (zero outside the bounds)', () => {
    // Wide values, so that some fall below LOGVAR_MIN and some above LOGVAR_MAX.
    const wide = lv.map((v) => 6 * v);
    expect(wide.some((v) => v < LOGVAR_MIN) && wide.some((v) => v > LOGVAR_MAX)).toBe(true);
    const before = fastKernelCalls.gaussian;
    const [y, g] = tf.tidy(() => {
      const x = tf.tensor2d(wide, [n, d]);
      const rt = tf.tensor2d(r, [n, d]);
      const value = clampLogVar(x).dataSync();
      const grad = tf
        .grad((a: tf.Tensor) => tf.sum(tf.mul(clampLogVar(a), rt)))(x)
        .dataSync();
      return [value, grad];
    });
    expect(fastKernelCalls.gaussian).toBe(before + 2);
    close(y!, (i) => Math.min(LOGVAR_MAX, Math.max(LOGVAR_MIN, wide[i]!)), 'clamp');
    close(g!, (i) => (wide[i]! < LOGVAR_MIN || wide[i]! > LOGVAR_MAX ? 0 : r[i]!), 'dclamp/dx');
  });

  it("the standard normal prior's KL per dimension and its gradients", () => {
    const prior = standardNormalPrior(d);
    const before = fastKernelCalls.gaussian;
    const [kl, gm, gl] = run((m, l) => prior.klPerDim(m, l));
    expect(fastKernelCalls.gaussian).toBe(before + 2);
    close(kl!, (i) => (Math.exp(lv[i]!) + mu[i]! ** 2 - 1 - lv[i]!) / 2, 'KL');
    close(gm!, (i) => r[i]! * mu[i]!, 'dKL/dmu');
    close(gl!, (i) => (r[i]! * (Math.exp(lv[i]!) - 1)) / 2, 'dKL/dlv');
  });
});

describe('tensors saved for the backward pass', () => {
  // f(x) = sum(x^3 * c): df/dx = 3 c x^2 and d/dx sum(df/dx) = 6 c x, in closed form.
  const x0 = [0.5, -1.25, 2, 3.5];
  const c0 = [1, -2, 0.25, 3];
  const f = (c: tf.Tensor) => (v: tf.Tensor) => tf.sum(tf.mul(tf.mul(tf.mul(v, v), v), c));
  const first = () =>
    tf.tidy(() =>
      Array.from(
        tf
          .grad(f(tf.tensor1d(c0)))(tf.tensor1d(x0))
          .dataSync(),
      ),
    );
  const second = () =>
    tf.tidy(() => {
      const g = (v: tf.Tensor) => tf.sum(tf.grad(f(tf.tensor1d(c0)))(v));
      return Array.from(tf.grad(g)(tf.tensor1d(x0)).dataSync());
    });
  const identityCalls = (run: () => unknown) => {
    const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
    const original = engine.runKernel;
    let n = 0;
    engine.runKernel = function (this: unknown, ...a: unknown[]) {
      if (a[0] === 'Identity') n++;
      return original.apply(this, a);
    };
    try {
      run();
    } finally {
      engine.runKernel = original;
    }
    return n;
  };

  it('a first-order gradient saves shared references without an Identity call each', () => {
    // tfjs clones each saved tensor with an Identity kernel (and a tape node); the fast path makes none.
    expect(withFast(false, () => identityCalls(first))).toBeGreaterThan(4);
    expect(identityCalls(first)).toBe(0);
  });

  it('first and second gradients stay exact on both paths, and no tensor is left behind', () => {
    const start = tf.memory().numTensors;
    for (const fast of [true, false]) {
      const [g1, g2] = withFast(fast, () => [first(), second()]);
      x0.forEach((x, j) => {
        expect(g1[j]!, `first, fast=${fast}`).toBeCloseTo(3 * c0[j]! * x * x, 4);
        // Through the inner backward pass: needs the saved tensors' tape nodes (tape depth 2).
        expect(g2[j]!, `second, fast=${fast}`).toBeCloseTo(6 * c0[j]! * x, 4);
      });
    }
    for (let i = 0; i < 5; i++) {
      first();
      second();
    }
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('fused dense layer (product, bias and ReLU in one kernel) and its gradient', () => {
  // Against float64 loops: y = act(x W + b); with loss = sum(y * r), dy = r, dz = r where x W + b > 0
  // (all of r without the ReLU), dx = dz W^T, dW = x^T dz, db = column sums of dz. Widths that are not
  // multiples of 4 hit the kernels' scalar tails; the last shape is the VAE's first layer (threads).
  for (const [m, k, n, relu] of [
    [5, 7, 13, true],
    [6, 9, 3, false],
    [33, 300, 21, true],
    [128, 784, 400, true],
  ] as const)
    it(`${m}x${k} by ${k}x${n}, relu=${relu}`, () => {
      const x = randn(m * k);
      const w = randn(k * n);
      const b = randn(n);
      const r = randn(m * n);
      const before = fastKernelCalls.dense;
      const [y, dx, dw, db] = tf.tidy(() => {
        const xt = tf.tensor2d(x, [m, k]);
        const p = { W: tf.variable(tf.tensor2d(w, [k, n])), b: tf.variable(tf.tensor1d(b)) };
        const rt = tf.tensor2d(r, [m, n]);
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          denseAct(xx as tf.Tensor2D, { W: ww, b: bb } as unknown as DenseParams, relu);
        const out = f(xt, p.W, p.b).arraySync();
        const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          tf.sum(tf.mul(f(xx, ww, bb), rt)),
        )([xt, p.W, p.b]);
        p.W.dispose();
        p.b.dispose();
        return [Float32Array.from(out.flat()), ...g.map((t) => t.dataSync())];
      });
      expect(fastKernelCalls.dense).toBe(before + 2);
      const pre = refMatMul(x, w, m, k, n, false, false);
      const wantY = new Float64Array(m * n);
      const dz = new Float32Array(m * n);
      for (let i = 0; i < m * n; i++) {
        const v = pre.c[i]! + b[i % n]!;
        wantY[i] = relu ? Math.max(v, 0) : v;
        dz[i] = !relu || v > 0 ? r[i]! : 0;
      }
      // Bias added after the product: its magnitude joins the rounding scale.
      expectClose(
        y!,
        wantY,
        pre.scale.map((s, i) => s + Math.abs(b[i % n]!)),
      );
      const wantDx = refMatMul(dz, w, m, n, k, false, true);
      expectClose(dx!, wantDx.c, wantDx.scale);
      const wantDw = refMatMul(x, dz, k, m, n, true, false);
      expectClose(dw!, wantDw.c, wantDw.scale);
      const wantDb = new Float64Array(n);
      const dbScale = new Float64Array(n);
      for (let i = 0; i < m * n; i++) {
        wantDb[i % n] += dz[i]!;
        dbScale[i % n] += Math.abs(dz[i]!);
      }
      expectClose(db!, wantDb, dbScale);
      // The ReLU did cut something: the comparison covers both sides of the mask.
      if (relu) expect(dz.some((v) => v === 0) && dz.some((v) => v !== 0)).toBe(true);
    });
});
