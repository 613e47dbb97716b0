import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAepcaConfig, type AepcaConfig } from '../../src/config/aepca';
import { parseExperimentConfig } from '../../src/config/schema';
import { Rng } from '../../src/core/rng';
import type { Mnist, MnistSplit } from '../../src/data/mnist';
import { createAepcaExperiment } from '../../src/engine/aepcaExperiment';
import type { AepcaSnapshot } from '../../src/engine/aepca/snapshot';
import { runLinearPcaCli } from '../../src/cli/linearPca';
import { requireMnist } from './requireMnist';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Blobs in the central 12 x 12 pixels (the rest constant, as MNIST's border is), so the covariance is small. */
function split(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) {
    const cx = 11 + rng.next() * 6;
    const cy = 11 + rng.next() * 6;
    for (let y = 8; y < 20; y++)
      for (let x = 8; x < 20; x++) {
        const d = Math.hypot(x - cx, y - cy);
        images[i * 784 + y * 28 + x] = d < 3 ? 255 : d < 4 ? Math.floor(rng.next() * 255) : 0;
      }
  }
  return { count, images, labels: new Uint8Array(count) };
}
const mnist: Mnist = { train: split(100, 1), test: split(40, 2) };

function config(edit: (c: AepcaConfig) => void): AepcaConfig {
  const c = structuredClone(defaultAepcaConfig);
  c.data.trainSubset = 100;
  c.model = { latentDim: 3, hidden: 16, categoricalVars: 3, categories: 4 };
  c.training = { steps: 24, batchSize: 16, lr: 0.01 };
  edit(c);
  const r = parseExperimentConfig(c);
  if (!r.ok || r.value.kind !== 'aepca') throw new Error('bad test config');
  return r.value;
}

describe('AE/PCA lab experiments', () => {
  for (const demo of ['linear', 'generative', 'discrete'] as const) {
    it(`${demo}: trains to the end, keeps tf.memory flat, and snapshots its pictures`, async () => {
      const exp = await createAepcaExperiment(
        config((c) => (c.demo = demo)),
        { loadMnist: () => Promise.resolve(mnist) },
      );
      const run = (k: number) => {
        for (let i = 0; i < k; i++) exp.step().metrics.dispose();
      };
      run(5);
      (await exp.snapshot()) as AepcaSnapshot;
      const before = tf.memory().numTensors;
      run(14);
      const s = (await exp.snapshot()) as AepcaSnapshot;
      expect(tf.memory().numTensors).toBe(before);
      run(5);
      expect(exp.finished()).toBe(true);
      expect(s.demo).toBe(demo);
      expect(s.history.length).toBeGreaterThan(10);
      if (s.demo === 'linear') {
        expect(s.recons).toHaveLength(2);
        expect(s.residual).toBeGreaterThan(0);
        // The loss starts far above the residual and never goes below it (Eckart-Young).
        expect(s.history[0]!.loss).toBeGreaterThan(s.residual);
        for (const p of s.history) expect(p.loss).toBeGreaterThanOrEqual(s.residual * 0.999);
        expect(s.ppca!.logLik).toBeGreaterThan(s.history[s.history.length - 1]!.elbo);
      } else if (s.demo === 'generative') {
        expect(s.models).toHaveLength(3);
        for (const m of s.models) expect(m.priorSamples.count).toBe(16);
      } else {
        expect(s.perCategory.count).toBe(4 * s.perCategoryCols);
        for (const p of s.history) expect(p.catKl).toBeLessThanOrEqual(3 * Math.log(4) + 1e-4);
      }
      exp.dispose();
    });
  }
});

describe('linear-ae-pca command line', () => {
  it('prints train_loss and pca_residual as JSON lines; a bad --set exits 2 naming the field', async () => {
    requireMnist();
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const errs: string[] = [];
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => (lines.push(s), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => (errs.push(s), true)) as typeof process.stderr.write;
    let code: number;
    let bad: number;
    try {
      code = await runLinearPcaCli([
        '--preset',
        'linear-ae-pca',
        '--set',
        'model.latentDim=2',
        '--set',
        'data.trainSubset=200',
        '--steps',
        '40',
        '--json',
      ]);
      bad = await runLinearPcaCli(['--preset', 'linear-ae-pca', '--set', 'model.latentDim=0', '--json']);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    expect(code).toBe(0);
    const objs = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const done = objs[objs.length - 1];
    expect(done).toMatchObject({ event: 'done', latent_dim: 2, train_images: 200, steps: 40 });
    expect(objs.filter((o) => o.event === 'eval')).toHaveLength(10);
    expect(done.pca_residual).toBeGreaterThan(0);
    expect(done.pca_residual).toBeLessThan(done.total_variance);
    expect(done.train_loss).toBeGreaterThanOrEqual(done.pca_residual * 0.999);
    expect(bad).toBe(2);
    expect(errs.join('')).toContain('model.latentDim');
  });
});
