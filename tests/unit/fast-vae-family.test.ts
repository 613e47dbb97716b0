// The VAE family's new paths on the fast WASM kernels against the same paths with them off (?fast=0,
// --no-fast): loss trajectories step by step, and flat tensor counts. (The conv case caught the fused
// Adam updating conv filters in place under tfjs-wasm's cached XNNPACK convolution: see fusedAdam.ts.)
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../../src/config/presets';
import type { VaeConfig } from '../../src/config/vae';
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

async function trajectory(config: VaeConfig, fast: boolean, steps: number) {
  setFastKernelsEnabled(fast);
  try {
    const exp = new VaeExperiment(config, subset(mnist.train, 2048), subset(mnist.test, 50));
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

function small(id: string, edit: (c: VaeConfig) => void = () => {}): VaeConfig {
  const c = presetConfig(id) as VaeConfig;
  c.model.encoderHidden = c.model.encoderHidden.map(() => 64);
  c.model.decoderHidden = c.model.decoderHidden.map(() => 64);
  c.training.batchSize = 32;
  edit(c);
  return c;
}

describe('VAE family on the fast kernels vs tfjs kernels', () => {
  it.each([
    ['iwae-k5', small('iwae-k5')],
    [
      'vae-mixture-2d + free bits + box psi',
      small('vae-mixture-2d', (c) => ((c.objective.freeBits = 0.5), (c.objective.psi = 'box'))),
    ],
    [
      'cvae, continuous Bernoulli, VampPrior, ink psi',
      small(
        'cvae',
        (c) => (
          (c.model.likelihood = 'continuous-bernoulli'),
          (c.model.prior = 'vamp'),
          (c.objective.psi = 'ink')
        ),
      ),
    ],
    [
      'vae-conv, learned Gaussian, learned prior',
      small('vae-conv', (c) => ((c.model.likelihood = 'gaussian-learned'), (c.model.prior = 'learned'))),
    ],
    [
      'vae-categorical',
      small('vae-categorical', (c) => ((c.model.categoricalFeatures = 4), (c.training.batchSize = 16))),
    ],
    [
      'binarized, cyclical warm-up',
      small(
        'classic-vae',
        (c) => (
          (c.model.likelihood = 'bernoulli-binarized'),
          (c.objective.warmup = 'cyclical'),
          (c.objective.warmupEpochs = 0.05)
        ),
      ),
    ],
  ] as const)('%s: same losses within 1e-4 of their scale over 15 steps, flat tensors', async (_, config) => {
    const gemm = fastKernelCalls.gemm;
    const fast = await trajectory(config, true, 15);
    expect(fastKernelCalls.gemm).toBeGreaterThan(gemm); // the fast kernels did run
    const plain = await trajectory(config, false, 15);
    expect(fast.losses[14]!).toBeLessThan(fast.losses[0]!);
    // Relative to the loss's scale (a continuous density's loss crosses 0).
    const scale = Math.max(...plain.losses.map(Math.abs));
    const worst = Math.max(...fast.losses.map((l, i) => Math.abs(l - plain.losses[i]!) / scale));
    expect(worst).toBeLessThan(1e-4);
    expect(fast.tensors[14]).toBe(fast.tensors[2]);
    expect(plain.tensors[14]).toBe(plain.tensors[2]);
  });
});
