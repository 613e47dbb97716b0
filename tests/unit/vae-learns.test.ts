import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../../src/config/presets';
import type { ClassicVae } from '../../src/core/vae/classicVae';
import { loadMnist } from '../../src/data/mnist';
import { nodeIdxReader } from '../../src/data/mnistNode';
import { createVaeExperiment } from '../../src/engine/vaeExperiment';
import { requireMnist } from './requireMnist';

// The wasm backend runs this ~10x faster than cpu (~20-40 ms per step of the full 784-400-20 net).
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  await tf.ready();
});

describe('the classic VAE learns MNIST', () => {
  beforeAll(requireMnist);

  it('300 steps on 2000 training images bring the test loss from ~543 to well below 170 nats', async () => {
    const config = presetConfig('classic-vae');
    if (config.kind !== 'vae') throw new Error('classic-vae is not a vae preset');
    config.data.trainSubset = 2000;
    config.data.testSubset = 500;
    const mnist = await loadMnist(nodeIdxReader());
    const exp = await createVaeExperiment(config, { loadMnist: async () => mnist });

    const initial = await exp.evaluate();
    // An untrained decoder outputs logits near 0: about 784 * log 2 = 543 nats per image.
    expect(initial.loss).toBeGreaterThan(500);
    expect(initial.loss).toBeLessThan(600);

    const trainLoss: number[] = [];
    for (let i = 0; i < 300; i++) {
      const out = exp.step();
      trainLoss.push((await out.metrics.data())[0]!);
      out.metrics.dispose();
    }
    const final = await exp.evaluate();
    // The test KL, recomputed in plain JS from the encoder's outputs on the same 500 test digits.
    const model = (exp as unknown as { model: ClassicVae }).model;
    const x = tf.tensor2d(
      Float32Array.from(mnist.test.images.subarray(0, 500 * 784), (v) => v / 255),
      [500, 784],
    );
    const { mu, logVar } = model.encode(x);
    const m = mu.dataSync();
    const lv = logVar.dataSync();
    let klSum = 0;
    for (let i = 0; i < m.length; i++) klSum += -0.5 * (1 + lv[i]! - m[i]! ** 2 - Math.exp(lv[i]!));
    tf.dispose([x, mu, logVar]);
    exp.dispose();

    expect(trainLoss.every(Number.isFinite)).toBe(true);
    // pytorch/examples reaches ~140 on this budget. A model that ignores z cannot beat the per-pixel
    // "average digit" (~206 nats), so < 170 also shows the latent code is used.
    expect(final.loss).toBeLessThan(170);
    expect(final.kl).toBeGreaterThan(5);
    expect(final.recon).toBeLessThan(160);
    expect(final.kl).toBeCloseTo(klSum / 500, 2);
    const lastTrain = trainLoss.slice(-16).reduce((a, b) => a + b, 0) / 16;
    expect(lastTrain).toBeLessThan(0.4 * trainLoss[0]!);
  }, 400_000);
});
