import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileClassifierStore } from '../../src/cli/classifierFile';
import { classifierKey, type ClassifierSpec } from '../../src/core/quality/classifier';
import { provideClassifier, type ProvidedClassifier } from '../../src/core/quality/provide';
import { QualityScorer } from '../../src/core/quality/scorer';
import { loadMnist, subset, type Mnist } from '../../src/data/mnist';
import { nodeIdxReader } from '../../src/data/mnistNode';

// A classifier trained briefly on real MNIST (8,000 digits, one epoch: seconds on WASM), scored on the
// first 2,000 test digits. The checks compare real digits with known degenerate sets, and with the
// closed-form score of a perfect, confident classifier: exp(H(label frequencies)).
const SPEC: ClassifierSpec = { seed: 3, trainSubset: 8000, epochs: 1, batchSize: 32, lr: 3e-3 };
let mnist: Mnist;
let dir: string;
let provided: ProvidedClassifier;
let scorer: QualityScorer;

beforeAll(async () => {
  await tf.setBackend('wasm');
  const full = await loadMnist(nodeIdxReader());
  mnist = { train: full.train, test: subset(full.test, 2000) };
  dir = mkdtempSync(join(tmpdir(), 'latent-lab-classifier-'));
  provided = await provideClassifier(SPEC, mnist, fileClassifierStore(dir));
  scorer = await QualityScorer.create(provided, mnist.test);
});
afterAll(() => {
  scorer?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const digits = (n: number, from = 0) => mnist.test.images.subarray(from * 784, (from + n) * 784);

describe('quality metrics from a classifier trained on MNIST', () => {
  it('learns: test accuracy well above chance after one short epoch', () => {
    expect(provided.trained).toBe(true);
    expect(provided.testAccuracy).toBeGreaterThan(0.9);
  });

  it('real test digits score near the perfect-classifier reference, with a flat class histogram', () => {
    const freq = new Array(10).fill(0);
    for (let i = 0; i < mnist.test.count; i++) freq[mnist.test.labels[i]!]++;
    const H = -freq.reduce(
      (s, c) => (c ? s + (c / mnist.test.count) * Math.log(c / mnist.test.count) : s),
      0,
    );
    const perfect = Math.exp(H); // about 9.9 for MNIST's near-uniform classes
    const s = scorer.info.testScores;
    expect(s.mnistScore).toBeGreaterThan(0.7 * perfect);
    expect(s.mnistScore).toBeLessThanOrEqual(perfect + 1e-6);
    expect(s.classKl).toBeLessThan(0.05);
  });

  it('one digit repeated 1,000 times scores about 1, with a one-class histogram (total collapse)', async () => {
    const one = new Uint8Array(1000 * 784);
    for (let i = 0; i < 1000; i++) one.set(digits(1, 7), i * 784);
    const s = await scorer.score(one, 1000);
    expect(s.mnistScore).toBeLessThan(1.01);
    expect(s.histogram.filter((c) => c > 0)).toEqual([1000]);
    expect(s.classKl).toBeCloseTo(Math.log(10), 6);
  });

  it('Fréchet distance: near 0 for real digits against real digits, large for blank or noisy images', async () => {
    const real = await scorer.score(digits(1000, 1000), 1000); // the second half against all 2,000
    const blank = await scorer.score(new Uint8Array(1000 * 784), 1000);
    const noise = await scorer.score(
      Uint8Array.from({ length: 1000 * 784 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453 * 255) & 255),
      1000,
    );
    expect(real.frechet!).toBeLessThan(0.1 * Math.min(blank.frechet!, noise.frechet!));
    expect(real.mnistScore).toBeGreaterThan(3 * noise.mnistScore);
  });

  it('is cached: a second request loads the same weights instead of training', async () => {
    const again = await provideClassifier(SPEC, mnist, fileClassifierStore(dir));
    expect(again.trained).toBe(false);
    expect(again.key).toBe(classifierKey(SPEC));
    expect(again.testAccuracy).toBe(provided.testAccuracy);
    const a = provided.classifier.variables.map((v) => Array.from(v.dataSync().slice(0, 20)));
    const b = again.classifier.variables.map((v) => Array.from(v.dataSync().slice(0, 20)));
    expect(b).toEqual(a);
    again.classifier.dispose();
  });

  it('a corrupt cache file is replaced with a warning, not a crash', async () => {
    const tiny: ClassifierSpec = { ...SPEC, trainSubset: 320 }; // 10 steps: a cheap retrain
    const store = fileClassifierStore(dir);
    const w = provided.classifier.exportWeights(classifierKey(tiny), 0.5);
    w.values[2] = new Float32Array(3); // wrong size
    await store.save(w);
    const again = await provideClassifier(tiny, mnist, store);
    expect(again.trained).toBe(true);
    expect(again.warning).toMatch(/unusable/);
    again.classifier.dispose();
  });
});
