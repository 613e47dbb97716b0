// The fast path against the plain tfjs path on whole models: the classic VAE's loss trajectory over 50
// steps (fast kernels, fused likelihood and fused Adam vs tfjs-wasm's kernels, tfjs ops and tfjs's Adam),
// flat tensor counts, and a
// WGAN-GP style second-order gradient through dense layers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig } from '../../src/config/vae';
import { dense, denseAutodiff, initDense } from '../../src/core/dense';
import { fastKernelCalls, setFastKernelsEnabled } from '../../src/core/kernels/fastKernels';
import { loadMnist, subset, type Mnist } from '../../src/data/mnist';
import { nodeIdxReader } from '../../src/data/mnistNode';
import { VaeExperiment } from '../../src/engine/vaeExperiment';
import { wasmWithFastKernels } from './fastKernelsSetup';

let mnist: Mnist;
beforeAll(async () => {
  await wasmWithFastKernels();
  mnist = await loadMnist(nodeIdxReader());
});

async function trajectory(fast: boolean, steps: number): Promise<{ losses: number[]; tensors: number[] }> {
  setFastKernelsEnabled(fast);
  try {
    const exp = new VaeExperiment(
      structuredClone(classicVaeConfig),
      subset(mnist.train, 6400),
      subset(mnist.test, 100),
    );
    const losses: number[] = [];
    const tensors: number[] = [];
    for (let i = 0; i < steps; i++) {
      const out = exp.step();
      losses.push((await out.metrics.data())[0]!);
      out.metrics.dispose();
      tensors.push(tf.memory().numTensors);
    }
    exp.dispose();
    return { losses, tensors };
  } finally {
    setFastKernelsEnabled(true);
  }
}

describe('classic VAE on the fast path', () => {
  it('follows the plain tfjs loss trajectory within 1e-4 relative over 50 steps', async () => {
    const calls = { ...fastKernelCalls };
    const fast = await trajectory(true, 50);
    // The fast kernels did the work: 5 fused dense layers (784-400 and 20-400 with their ReLU, the mu,
    // log-variance and output layers), the 6 large products of their gradients (+ 5 small ones), the 3
    // column sums of the layers without a ReLU, 10 Adam updates and the fused likelihood a step.
    expect(fastKernelCalls.dense - calls.dense).toBe(50 * 5);
    expect(fastKernelCalls.gemm - calls.gemm).toBeGreaterThanOrEqual(50 * 6);
    expect(fastKernelCalls.columnSums - calls.columnSums).toBeGreaterThanOrEqual(50 * 3);
    expect(fastKernelCalls.adam - calls.adam).toBe(50 * 10);
    expect(fastKernelCalls.bernoulli - calls.bernoulli).toBe(50);
    const before = { ...fastKernelCalls };
    const plain = await trajectory(false, 50);
    expect(fastKernelCalls).toEqual(before);
    // The run learns (so the comparison is about a real trajectory)...
    expect(fast.losses[49]!).toBeLessThan(0.5 * fast.losses[0]!);
    // ...and the two paths agree step by step.
    const worst = Math.max(
      ...fast.losses.map((l, i) => Math.abs(l - plain.losses[i]!) / Math.abs(plain.losses[i]!)),
    );
    expect(worst).toBeLessThan(1e-4);
  });

  it('keeps the tensor count flat across steps', async () => {
    const { tensors } = await trajectory(true, 30);
    expect(tensors[29]).toBe(tensors[4]);
  });
});

describe('second-order gradients through dense() on the fast kernels', () => {
  it('a gradient penalty (WGAN-GP) has the same parameter gradients as with tfjs kernels', () => {
    const p1 = initDense(2, 16, 1, 'gp/d1');
    const p2 = initDense(16, 1, 3, 'gp/d2');
    const x = tf.randomNormal([32, 2], 0, 1, 'float32', 7) as tf.Tensor2D;
    // penalty = mean over the batch of (|grad_x D(x)| - 1)^2, differentiated wrt the parameters.
    const penaltyGrads = (layer: typeof dense) =>
      tf.tidy(() => {
        const critic = (xx: tf.Tensor) =>
          tf.sum(layer(tf.tanh(layer(xx as tf.Tensor2D, p1)) as tf.Tensor2D, p2));
        const { grads } = tf.variableGrads(() => {
          const gx = tf.grad(critic)(x);
          const norm = tf.sqrt(tf.add(tf.sum(tf.square(gx), 1), 1e-12));
          return tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar;
        }, [p1.W, p2.W]);
        return [grads[p1.W.name]!, grads[p2.W.name]!].map((g) => Array.from(g.dataSync()));
      });
    const before = fastKernelCalls.gemm;
    const fast = penaltyGrads(dense);
    expect(fastKernelCalls.gemm).toBeGreaterThan(before);
    setFastKernelsEnabled(false);
    const plain = penaltyGrads(denseAutodiff);
    setFastKernelsEnabled(true);
    fast.forEach((g, k) => {
      const scale = Math.max(...plain[k]!.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-4); // the penalty depends on these parameters
      g.forEach((v, i) => expect(Math.abs(v - plain[k]![i]!)).toBeLessThan(1e-4 * scale));
    });
    tf.dispose([p1.W, p1.b, p2.W, p2.b, x]);
  });
});
