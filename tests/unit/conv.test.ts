import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dLayer,
  convFilterGrad,
  convTranspose2dLayer,
  initConv,
  type ConvParams,
} from '../../src/core/conv';
import { Rng } from '../../src/core/rng';

const rng = new Rng(3);
const randn = (shape: number[]) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );

let conv: ConvParams;
let convT: ConvParams;
beforeAll(async () => {
  await tf.setBackend('cpu');
  conv = initConv(4, 3, 5, 11, 'test/conv');
  convT = initConv(4, 5, 3, 13, 'test/convT', true);
});
afterAll(() => tf.dispose([conv.W, conv.b, convT.W, convT.b]));

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-4) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  expect(worst).toBeLessThan(tol);
}

/** tfjs's own layers (their gradients use Conv2DBackpropFilter, which the cpu backend has). */
const refConv = (x: tf.Tensor4D, p: ConvParams, s: number, pad: number) =>
  tf.add(
    tf.conv2d(
      x,
      p.W as tf.Tensor4D,
      s,
      [
        [0, 0],
        [pad, pad],
        [pad, pad],
        [0, 0],
      ],
      'NHWC',
    ),
    p.b,
  );
const refConvT = (x: tf.Tensor4D, p: ConvParams, s: number, crop: number) => {
  const [n, h, w] = x.shape;
  const k = p.W.shape[0]!;
  const full = tf.conv2dTranspose(
    x,
    p.W as tf.Tensor4D,
    [n, (h - 1) * s + k, (w - 1) * s + k, p.W.shape[2]!],
    s,
    'valid',
  );
  return tf.add(
    tf.slice(full, [0, crop, crop, 0], [-1, full.shape[1] - 2 * crop, full.shape[2] - 2 * crop, -1]),
    p.b,
  );
};

/** A non-linear scalar of the layer's output, so every output element gets a different weight. */
function lossOf(y: tf.Tensor): tf.Scalar {
  const c = tf.tidy(() => tf.sin(tf.range(0, y.size).reshape(y.shape)));
  const l = tf.sum(tf.add(tf.mul(c, tf.tanh(y)), tf.mul(0.1, tf.square(y))));
  c.dispose();
  return l as tf.Scalar;
}

function gradsOf(f: (x: tf.Tensor4D) => tf.Tensor, x: tf.Tensor4D, p: ConvParams) {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossOf(f(x)), [p.W, p.b]);
    const dx = tf.grad((xx: tf.Tensor) => lossOf(f(xx as tf.Tensor4D)))(x);
    return {
      value: value.dataSync()[0]!,
      dW: grads[p.W.name]!.dataSync().slice(),
      db: grads[p.b.name]!.dataSync().slice(),
      dx: dx.dataSync().slice(),
    };
  });
}

describe('convolutions with hand-written gradients', () => {
  it('the filter gradient as a dilated convolution equals the gradient of tfjs conv2d (sizes a stride does not divide too)', () => {
    for (const [h, k, s] of [
      [9, 3, 2],
      [8, 4, 2],
      [7, 3, 1],
    ]) {
      const x = randn([2, h, h, 3]) as tf.Tensor4D;
      const oh = Math.floor((h - k) / s) + 1;
      const dy = randn([2, oh, oh, 4]) as tf.Tensor4D;
      const mine = convFilterGrad(x, dy, k, k, s);
      const w0 = tf.zeros([k, k, 3, 4]);
      const ref = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, s, 'valid'), dy)))(
        w0,
      );
      close(mine.dataSync(), ref.dataSync());
      tf.dispose([x, dy, mine, ref, w0]);
    }
  });

  it('conv (k4 s2 p1) and transposed conv (k4 s2 crop 1) match tfjs values and gradients', () => {
    const x = randn([2, 8, 8, 3]) as tf.Tensor4D;
    const a = gradsOf((t) => conv2dLayer(t, conv, 2, 1), x, conv);
    const b = gradsOf((t) => refConv(t, conv, 2, 1), x, conv);
    expect(a.value).toBeCloseTo(b.value, 4);
    close(a.dW, b.dW);
    close(a.db, b.db);
    close(a.dx, b.dx);

    const z = randn([2, 4, 4, 5]) as tf.Tensor4D;
    const c = gradsOf((t) => convTranspose2dLayer(t, convT, 2, 1), z, convT);
    const d = gradsOf((t) => refConvT(t, convT, 2, 1), z, convT);
    expect(c.value).toBeCloseTo(d.value, 4);
    close(c.dW, d.dW);
    close(c.dx, d.dx);
    tf.dispose([x, z]);
  });

  it("second derivatives (a gradient penalty on the layer's input gradient) match tfjs", () => {
    const x = randn([3, 8, 8, 3]) as tf.Tensor4D;
    const penalty = (layer: (t: tf.Tensor4D) => tf.Tensor) => () => {
      const g = tf.grad((t: tf.Tensor) => lossOf(layer(t as tf.Tensor4D)))(x);
      return tf.sum(tf.square(tf.sub(tf.sqrt(tf.sum(tf.square(g), [1, 2, 3])), 1))) as tf.Scalar;
    };
    // conv -> leaky -> transposed conv, so the penalty's gradient crosses both custom ops twice.
    const mine = (t: tf.Tensor4D) =>
      convTranspose2dLayer(tf.relu(conv2dLayer(t, conv, 2, 1)) as tf.Tensor4D, convT, 2, 1);
    const ref = (t: tf.Tensor4D) => refConvT(tf.relu(refConv(t, conv, 2, 1)) as tf.Tensor4D, convT, 2, 1);
    const vars = [conv.W, convT.W];
    const a = tf.variableGrads(penalty(mine), vars);
    const b = tf.variableGrads(penalty(ref), vars);
    expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0]!, 3);
    for (const v of vars) close(a.grads[v.name]!.dataSync(), b.grads[v.name]!.dataSync(), 2e-4);
    tf.dispose([x, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
  });

  it('gives the same gradients on the WASM backend, which has no Conv2DBackpropFilter kernel', async () => {
    const xs = Array.from({ length: 2 * 8 * 8 * 3 }, () => rng.normal());
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xs, [2, 8, 8, 3]);
        const { grads } = tf.variableGrads(() => lossOf(conv2dLayer(x, conv, 2, 1)), [conv.W]);
        return grads[conv.W.name]!.dataSync().slice();
      });
    const onCpu = run();
    await tf.setBackend('wasm');
    try {
      const x = tf.tensor4d(xs, [2, 8, 8, 3]);
      const p = {
        W: tf.variable(tf.tensor4d(conv.W.dataSync().slice(), [4, 4, 3, 5])),
        b: tf.variable(tf.zeros([5])),
      };
      // tfjs's own gradient needs the missing kernel...
      expect(() => tf.variableGrads(() => tf.sum(refConv(x, p, 2, 1)) as tf.Scalar, [p.W])).toThrow();
      // ...ours does not, and agrees with the cpu backend.
      const { grads } = tf.variableGrads(() => lossOf(conv2dLayer(x, { W: p.W, b: conv.b }, 2, 1)), [p.W]);
      close(grads[p.W.name]!.dataSync(), onCpu, 1e-3);
      tf.dispose([x, p.W, p.b, ...Object.values(grads)]);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
