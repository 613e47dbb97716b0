import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dense, denseAutodiff, initDense, type DenseParams } from '../../src/core/dense';
import { Rng } from '../../src/core/rng';

const N = 6;
const IN = 5;
const OUT = 7;
const rng = new Rng(11);
const randn = (n: number) => Array.from({ length: n }, () => rng.normal());
const X = randn(N * IN);
const Wv = randn(IN * OUT);
const Bv = randn(OUT);
const C = randn(N * OUT);

let p: DenseParams;
beforeAll(async () => {
  await tf.setBackend('cpu');
  p = { W: tf.variable(tf.tensor2d(Wv, [IN, OUT])), b: tf.variable(tf.tensor1d(Bv)) };
});
afterAll(() => {
  p.W.dispose();
  p.b.dispose();
});

/** A small non-linear loss of the layer output: sum c * tanh(y) + 0.05 * y^2. */
function loss(y: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.add(tf.mul(tf.tensor2d(C, [N, OUT]), tf.tanh(y)), tf.mul(0.05, tf.square(y))));
}

function closeArrays(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol * Math.max(1, Math.abs(b[i]!)));
}

type Layer = (x: tf.Tensor2D, q: DenseParams) => tf.Tensor2D;
/** Gradients of the loss wrt x, W and b through `layer`, as plain arrays. */
function gradsThrough(layer: Layer) {
  const x = tf.tensor2d(X, [N, IN]);
  const { value, grads } = tf.variableGrads(() => loss(layer(x, p)), [p.W, p.b]);
  const dx = tf.grad((xx: tf.Tensor) => loss(layer(xx as tf.Tensor2D, p)))(x);
  const out = {
    value: value.dataSync()[0]!,
    dW: grads[p.W.name]!.dataSync().slice(),
    db: grads[p.b.name]!.dataSync().slice(),
    dx: dx.dataSync().slice(),
  };
  tf.dispose([x, value, dx, ...Object.values(grads)]);
  return out;
}

describe('dense() with its hand-written gradient', () => {
  it('forward value equals x W + b computed in plain JS', () => {
    for (const inputIsData of [false, true]) {
      const y = tf.tidy(() =>
        dense(tf.tensor2d(X, [N, IN]), p, inputIsData)
          .dataSync()
          .slice(),
      );
      const want: number[] = [];
      for (let r = 0; r < N; r++)
        for (let c = 0; c < OUT; c++) {
          let s = Bv[c]!;
          for (let k = 0; k < IN; k++) s += X[r * IN + k]! * Wv[k * OUT + c]!;
          want.push(s);
        }
      closeArrays(y, want);
    }
  });

  it('gives the same forward value and gradients wrt x, W and b as denseAutodiff', () => {
    const mine = gradsThrough((x, q) => dense(x, q));
    const ref = gradsThrough(denseAutodiff);
    expect(mine.value).toBeCloseTo(ref.value, 4);
    closeArrays(mine.dW, ref.dW);
    closeArrays(mine.db, ref.db);
    closeArrays(mine.dx, ref.dx);
    // Not trivially zero.
    expect(Math.max(...Array.from(ref.dx, Math.abs))).toBeGreaterThan(0.1);
  });

  it('with inputIsData: same value and W, b gradients (input gradient skipped)', () => {
    const mine = gradsThrough((x, q) => dense(x, q, true));
    const ref = gradsThrough(denseAutodiff);
    expect(mine.value).toBeCloseTo(ref.value, 4);
    closeArrays(mine.dW, ref.dW);
    closeArrays(mine.db, ref.db);
  });

  it('stacked layers (data layer, relu, hidden layer) match autodiff end to end', () => {
    const p2 = initDense(OUT, 3, 5, 'second');
    const net = (layer1: Layer, layer2: Layer) => {
      const x = tf.tensor2d(X, [N, IN]);
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.sin(layer2(tf.relu(layer1(x, p)), p2))),
        [p.W, p.b, p2.W, p2.b],
      );
      const out = [
        value.dataSync()[0]!,
        ...[p.W, p.b, p2.W, p2.b].map((v) => grads[v.name]!.dataSync().slice()),
      ] as const;
      tf.dispose([x, value, ...Object.values(grads)]);
      return out;
    };
    const mine = net(
      (x, q) => dense(x, q, true),
      (x, q) => dense(x, q),
    );
    const ref = net(denseAutodiff, denseAutodiff);
    expect(mine[0]).toBeCloseTo(ref[0], 4);
    for (let k = 1; k < 5; k++) closeArrays(mine[k] as Float32Array, ref[k] as Float32Array);
    p2.W.dispose();
    p2.b.dispose();
  });

  it('initDense leaves nothing behind once its variables are disposed', () => {
    const before = tf.memory();
    const q = initDense(30, 20, 9, 'leak');
    expect(tf.memory().numTensors - before.numTensors).toBe(2);
    q.W.dispose();
    q.b.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('initDense uses +-1/sqrt(fanIn) like torch.nn.Linear', () => {
    const q = initDense(400, 20, 3, 'init');
    const a = 1 / Math.sqrt(400);
    const w = q.W.dataSync();
    expect(q.W.shape).toEqual([400, 20]);
    expect(q.b.shape).toEqual([20]);
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(a);
    expect(Math.max(...Array.from(w, Math.abs))).toBeGreaterThan(0.9 * a);
    q.W.dispose();
    q.b.dispose();
  });
});
