// The GEMM kernel's helper threads end to end in Node, with worker_threads helpers started as the Node
// engine starts them: fixed shares posted to a helper (src/core/kernels/threads.ts, used where helpers
// work on copies), chunks claimed from a counter by whoever runs (src/core/kernels/chunks.ts, used on
// tfjs's shared heap in the browser), and the Node engine's own helpers behind tf.matMul.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChunkPool, chunkControlBytes, COLS, ROWS } from '../../src/core/kernels/chunks';
import {
  adamShared,
  bernoulliGradShared,
  bernoulliShared,
  PARALLEL_MIN_VALUES,
} from '../../src/core/kernels/parallel';
import { kernelState, type Installed } from '../../src/core/kernels/state';
import { HelperPool, controlBytes, type GemmArgs } from '../../src/core/kernels/threads';
import { instantiateKernels, type KernelExports } from '../../src/core/kernels/wasmKernels';
import { Rng } from '../../src/core/rng';
import { spawnNodeHelper } from '../../src/engine/kernelsNode';
import { wasmWithFastKernels } from './fastKernelsSetup';

const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
const heap = () => new Float32Array(memory.buffer);
let k: KernelExports;
let shares: HelperPool;
let chunks: ChunkPool;
let top = 1024;
/** Bump allocation in the test heap (64-byte aligned). */
const alloc = (bytes: number) => {
  const p = top;
  top += (bytes + 63) & ~63;
  return p;
};

beforeAll(async () => {
  await wasmWithFastKernels(); // builds the kernels if needed
  const module = await WebAssembly.compile(
    readFileSync(new URL('../../src/core/kernels/build/simd-shared.wasm', import.meta.url)),
  );
  k = await instantiateKernels(module, memory);
  const ctrlShares = alloc(controlBytes(1));
  spawnNodeHelper({ module, memory, ctrl: ctrlShares, index: 0, kind: 'shares' });
  shares = new HelperPool(memory, ctrlShares, 1);
  const ctrlChunks = alloc(chunkControlBytes(1));
  spawnNodeHelper({ module, memory, ctrl: ctrlChunks, index: 0, kind: 'chunks' });
  chunks = new ChunkPool(memory, ctrlChunks, 1);
  // The helpers start in the background; wait until they are up (the kernels do all the work until then).
  const copies = kernelState.installed!.copyPool!.pool;
  for (let i = 0; i < 600 && !(shares.ready() && chunks.ready() && copies.ready()); i++)
    await new Promise((r) => setTimeout(r, 100));
});

/** A random m x kk by kk x n problem in the test heap (row-major A and B, C filled with NaN). */
function problem(m: number, kk: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const a = alloc(m * kk * 4);
  const b = alloc(kk * n * 4);
  const c = alloc(m * n * 4);
  for (let i = 0; i < m * kk; i++) heap()[a / 4 + i] = rng.normal();
  for (let i = 0; i < kk * n; i++) heap()[b / 4 + i] = rng.normal();
  heap().fill(Number.NaN, c / 4, c / 4 + m * n);
  return { a, b, c };
}

/** Worst error of C against the float64 product, relative to the sum of |terms| (NaN fails). */
function worstError(a: number, b: number, c: number, m: number, kk: number, n: number): number {
  const h = heap();
  let worst = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let q = 0; q < kk; q++) {
        const x = h[a / 4 + i * kk + q]! * h[b / 4 + q * n + j]!;
        s += x;
        t += Math.abs(x);
      }
      const e = Math.abs(h[c / 4 + i * n + j]! - s) / t;
      worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
    }
  return worst;
}

describe('GEMM helper threads', () => {
  it('fixed shares: two halves (rows, then columns) give the float64 product', () => {
    const [m, kk, n] = [37, 300, 29];
    const { a, b, c } = problem(m, kk, n, 9);
    const ws0 = alloc(k.workspaceBytes(m, kk));
    const ws1 = alloc(k.workspaceBytes(m, kk));
    for (const split of ['rows', 'cols'] as const) {
      heap().fill(Number.NaN, c / 4, c / 4 + m * n);
      const cut = split === 'rows' ? 20 : 16;
      const args = (lo: number, hi: number, ws: number): GemmArgs =>
        split === 'rows'
          ? [a, b, c, n, kk, kk, 1, n, 1, lo, hi, 0, n, ws]
          : [a, b, c, n, kk, kk, 1, n, 1, 0, m, lo, hi, ws];
      shares.post(0, args(cut, split === 'rows' ? m : n, ws1));
      k.gemm(...args(0, cut, ws0));
      shares.wait(0);
      expect(worstError(a, b, c, m, kk, n)).toBeLessThan(1e-5);
    }
  });

  it('chunks: columns over A packed once, and rows, give the float64 product; the helper takes part', () => {
    const [m, kk, n] = [64, 300, 200];
    const { a, b, c } = problem(m, kk, n, 10);
    const ap = alloc(k.packedBytes(m, kk));
    const wsMain = alloc(k.workspaceBytes(32, kk));
    const wsHelper = alloc(k.workspaceBytes(32, kk));
    const before = chunks.helped;
    for (let rep = 0; rep < 40 && (rep < 2 || chunks.helped === before); rep++) {
      for (const mode of [COLS, ROWS] as const) {
        heap().fill(Number.NaN, c / 4, c / 4 + m * n);
        if (mode === COLS) k.packRows(a, kk, 1, 0, m, kk, ap);
        const chunk = mode === COLS ? 24 : 12;
        const job = { mode, a, b, c, n, k: kk, ars: kk, aks: 1, bks: n, bjs: 1, m, chunk, ap };
        chunks.run(k, { ...job, nChunks: Math.ceil((mode === COLS ? n : m) / chunk) }, wsMain, [wsHelper]);
        expect(worstError(a, b, c, m, kk, n)).toBeLessThan(1e-5);
      }
    }
    expect(chunks.helped).toBeGreaterThan(before);
  });

  it('chunks: a helper that never runs does not hold up the product', () => {
    const ctrl = alloc(chunkControlBytes(1));
    const idle = new ChunkPool(memory, ctrl, 1); // no thread behind it
    const [m, kk, n] = [20, 50, 40];
    const { a, b, c } = problem(m, kk, n, 11);
    const ws = alloc(k.workspaceBytes(8, kk));
    idle.run(
      k,
      { mode: ROWS, a, b, c, n, k: kk, ars: kk, aks: 1, bks: n, bjs: 1, m, chunk: 8, nChunks: 3, ap: 0 },
      ws,
      [ws],
    );
    expect(worstError(a, b, c, m, kk, n)).toBeLessThan(1e-5);
    expect(idle.helped).toBe(0);
  });

  it('fixed shares: a helper that does not answer gives an error, not a hang', () => {
    const ctrl = alloc(controlBytes(1));
    const lonely = new HelperPool(memory, ctrl, 1);
    lonely.post(0, [0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0]);
    expect(() => lonely.wait(0, 300)).toThrow(/stopped answering/);
  });

  it('the Node engine starts helpers that work on copies of the operands (tfjs-wasm has no threads there)', () => {
    const copies = kernelState.installed!.copyPool!;
    expect(copies.pool.ready()).toBe(true);
    const rng = new Rng(4);
    const [m, kk, n] = [128, 300, 120];
    const a = Float32Array.from({ length: m * kk }, () => rng.normal());
    const b = Float32Array.from({ length: kk * n }, () => rng.normal());
    const before = copies.pool.posted;
    const got = tf.tidy(() =>
      tf.matMul(tf.tensor2d(a, [m, kk]), tf.tensor2d(b, [n, kk]), false, true).dataSync(),
    );
    expect(copies.pool.posted).toBeGreaterThan(before);
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        let t = 0;
        for (let q = 0; q < kk; q++) {
          s += a[i * kk + q]! * b[j * kk + q]!;
          t += Math.abs(a[i * kk + q]! * b[j * kk + q]!);
        }
        worst = Math.max(worst, Math.abs(got[i * n + j]! - s) / t);
      }
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('elementwise kernels shared out in chunks (Adam, Bernoulli likelihood and its gradient)', () => {
  // The chunked runs must give the one-thread kernel's results bit for bit (same code on disjoint
  // ranges; the kernels themselves are checked against float64 formulas in fast-kernels.test.ts), on
  // sizes whose last chunk is short, with the helper taking part.
  const fake = () => ({ k, pool: chunks }) as unknown as Installed;
  const filled = (n: number, rng: Rng, f: (r: Rng) => number) => {
    const p = alloc(n * 4);
    for (let i = 0; i < n; i++) heap()[p / 4 + i] = f(rng);
    return p;
  };
  const same = (p: number, q: number, n: number) => {
    const h = heap();
    let diff = 0;
    for (let i = 0; i < n; i++) if (!Object.is(h[p / 4 + i], h[q / 4 + i])) diff++;
    return diff;
  };
  const copy = (p: number, n: number) => {
    const q = alloc(n * 4);
    heap().copyWithin(q / 4, p / 4, p / 4 + n);
    return q;
  };

  it('Adam over 100,003 values: chunks give the one-thread result', () => {
    const n = PARALLEL_MIN_VALUES + 34_467;
    const rng = new Rng(21);
    const w = filled(n, rng, (r) => r.normal());
    const g = filled(n, rng, (r) => r.normal());
    const m = filled(n, rng, (r) => 0.1 * r.normal());
    const v = filled(n, rng, (r) => r.next());
    const [w1, m1, v1] = [copy(w, n), copy(m, n), copy(v, n)];
    const h = { lr: 1e-3, b1: 0.9, b2: 0.999, bc1: 0.19, bc2: 0.002, eps: 1e-7 };
    const [out, out1] = [alloc(n * 4), alloc(n * 4)];
    const before = chunks.helped;
    for (let rep = 0; rep < 20 && (rep < 1 || chunks.helped === before); rep++) {
      heap().fill(Number.NaN, out / 4, out / 4 + n);
      expect(adamShared(fake(), { w, g, m, v, wOut: out }, n, h)).toBe(true);
      k.adam(w1, g, m1, v1, out1, n, h.lr, h.b1, h.b2, h.bc1, h.bc2, h.eps);
      expect(same(out, out1, n)).toBe(0);
      expect(same(m, m1, n) + same(v, v1, n)).toBe(0);
      expect(heap()[out / 4 + n - 1]).not.toBe(heap()[w / 4 + n - 1]); // the last value was updated
    }
    expect(chunks.helped).toBeGreaterThan(before);
    // Small parameters stay on the calling thread.
    expect(adamShared(fake(), { w, g, m, v, wOut: w }, 1000, h)).toBe(false);
  });

  it('Bernoulli log-likelihood and its gradient over 131 rows of 784: chunks give the one-thread result', () => {
    const [rows, cols] = [131, 784];
    const rng = new Rng(22);
    const x = filled(rows * cols, rng, (r) => r.next());
    const l = filled(rows * cols, rng, (r) => 4 * r.normal());
    const dy = filled(rows, rng, (r) => r.normal());
    const [out, out1] = [alloc(rows * 4), alloc(rows * 4)];
    const [dl, dl1] = [alloc(rows * cols * 4), alloc(rows * cols * 4)];
    const before = chunks.helped;
    for (let rep = 0; rep < 20 && (rep < 1 || chunks.helped === before); rep++) {
      heap().fill(Number.NaN, out / 4, out / 4 + rows);
      expect(bernoulliShared(fake(), x, l, out, rows, cols)).toBe(true);
      k.bernoulliLogLik(x, l, out1, rows, cols);
      expect(same(out, out1, rows)).toBe(0);
      heap().fill(Number.NaN, dl / 4, dl / 4 + rows * cols);
      expect(bernoulliGradShared(fake(), x, l, dy, dl, rows, cols)).toBe(true);
      k.bernoulliLogLikGrad(x, l, dy, dl1, rows, cols);
      expect(same(dl, dl1, rows * cols)).toBe(0);
    }
    expect(chunks.helped).toBeGreaterThan(before);
  });
});
