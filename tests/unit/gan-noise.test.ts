import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GanPair } from '../../src/core/gan/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const adam = { name: 'adam' as const, lr: 1e-3, beta1: 0.5, beta2: 0.9 };
const net = { layers: 1, width: 4, activation: 'relu' as const };

function mixturePair(components: number, sd: number, seed = 5): GanPair {
  return new GanPair(
    {
      noiseDim: 2,
      prior: 'mixture',
      mixture: { components, sd },
      generator: net,
      discriminator: net,
      pack: 1,
    },
    adam,
    adam,
    seed,
  );
}

describe("G's mixture-of-blobs noise (GM-GAN)", () => {
  it('draws each blob about equally often, each with the stated sd around its own centre', () => {
    const k = 3;
    const sd = 0.01;
    const pair = mixturePair(k, sd);
    const c = pair.mixtureCentres!;
    expect(c.length).toBe(k * 2);
    // Centres from N(0, I): far apart compared with sd here, so each draw's nearest centre is its blob.
    const n = 30_000;
    const z = pair.noise(n, 123);
    const v = z.dataSync();
    z.dispose();
    const count = new Array(k).fill(0);
    const sq = new Array(k).fill(0);
    const sum = Array.from({ length: k }, () => [0, 0]);
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let j = 0; j < k; j++) {
        const d = (v[2 * i] - c[2 * j]) ** 2 + (v[2 * i + 1] - c[2 * j + 1]) ** 2;
        if (d < bd) [bd, best] = [d, j];
      }
      count[best]++;
      sq[best] += bd;
      sum[best][0] += v[2 * i] - c[2 * best];
      sum[best][1] += v[2 * i + 1] - c[2 * best + 1];
    }
    for (let j = 0; j < k; j++) {
      // Binomial(n, 1/3): sd of the count is 82; 5 sd allowed.
      expect(Math.abs(count[j] - n / k)).toBeLessThan(5 * Math.sqrt(n * (1 / k) * (1 - 1 / k)));
      // E|z - c|^2 = 2 sd^2 for a 2-d blob; the estimate's relative sd is about 1 / sqrt(count) ~ 1 %.
      expect(sq[j] / count[j] / (2 * sd * sd)).toBeGreaterThan(0.95);
      expect(sq[j] / count[j] / (2 * sd * sd)).toBeLessThan(1.05);
      // Centred on its own centre: the mean offset is within 5 standard errors of 0.
      for (const s of sum[j]) expect(Math.abs(s / count[j])).toBeLessThan((5 * sd) / Math.sqrt(count[j]));
    }
  });

  it('keeps its blob centres for a seed (a reloaded run gets the same noise) and draws new ones for another', () => {
    const a = mixturePair(50, 0.005, 9).mixtureCentres!;
    const b = mixturePair(50, 0.005, 9).mixtureCentres!;
    const other = mixturePair(50, 0.005, 10).mixtureCentres!;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(other));
    // N(0, I) centres: 100 coordinates with mean near 0 and variance near 1 (loose: 100 draws).
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const varc = a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.4);
    expect(varc).toBeGreaterThan(0.6);
    expect(varc).toBeLessThan(1.5);
  });

  it('the Gaussian prior has no centres, and the mixture leaves no tensors behind', () => {
    const g = new GanPair(
      { noiseDim: 2, prior: 'gaussian', generator: net, discriminator: net, pack: 1 },
      adam,
      adam,
      1,
    );
    expect(g.mixtureCentres).toBeNull();
    const pair = mixturePair(4, 0.1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) pair.noise(64, i).dispose();
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
    pair.dispose();
  });
});
