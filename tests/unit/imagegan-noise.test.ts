import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultImageGanConfig, imageGanConfigSchema } from '../../src/config/imageGan';
import { ImageGanPair } from '../../src/core/imagegan/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const adam = { name: 'adam' as const, lr: 1e-3, beta1: 0.5, beta2: 0.999 };
const net = { arch: 'mlp' as const, conditional: false, mlpHidden: [8], channels: 2, batchNorm: false };

function pair(components: number, sd: number, dim: number, seed: number): ImageGanPair {
  return new ImageGanPair(
    {
      noiseDim: dim,
      prior: 'mixture',
      mixture: { components, sd },
      generator: net,
      discriminator: net,
      emaDecay: 0,
    },
    adam,
    adam,
    seed,
  );
}

describe("the image GAN's mixture-of-blobs noise (GM-GAN)", () => {
  it('draws each blob about equally often, with E|z - c|^2 = d sd^2 around its own centre', () => {
    const [k, sd, d] = [4, 0.05, 16];
    const p = pair(k, sd, d, 3);
    const c = p.mixtureCentres!;
    expect(c.length).toBe(k * d);
    const n = 10_000;
    const z = p.noise(n, 99);
    const v = z.dataSync();
    z.dispose();
    const count = new Array(k).fill(0);
    const sq = new Array(k).fill(0);
    for (let i = 0; i < n; i++) {
      let [best, bd] = [0, Infinity];
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += (v[i * d + t]! - c[j * d + t]!) ** 2;
        if (s < bd) [bd, best] = [s, j];
      }
      count[best]++;
      sq[best] += bd;
    }
    for (let j = 0; j < k; j++) {
      // Binomial(n, 1/4): 5 sd allowed.
      expect(Math.abs(count[j] - n / k)).toBeLessThan(5 * Math.sqrt((n * (k - 1)) / k ** 2));
      // |z - c|^2 / sd^2 is chi-square with d degrees of freedom: the mean's relative sd is
      // sqrt(2 / (d count)), about 0.7 % here; 5 sd allowed.
      const ratio = sq[j] / count[j] / (d * sd * sd);
      expect(Math.abs(ratio - 1)).toBeLessThan(5 * Math.sqrt(2 / (d * count[j])));
    }
    p.dispose();
  });

  it('takes its centres from the seed: the same seed redraws them, another does not', () => {
    const [a, b, c] = [pair(5, 0.1, 8, 7), pair(5, 0.1, 8, 7), pair(5, 0.1, 8, 8)];
    expect(Array.from(a.mixtureCentres!)).toEqual(Array.from(b.mixtureCentres!));
    expect(Array.from(a.mixtureCentres!)).not.toEqual(Array.from(c.mixtureCentres!));
    for (const p of [a, b, c]) p.dispose();
  });

  it('a config made before the field reads 100 blobs of sd 0.2 and keeps its prior; bad blobs are refused', () => {
    const raw = structuredClone(defaultImageGanConfig);
    const model: Partial<typeof raw.model> = { ...raw.model };
    delete model.noiseMixture;
    const old = imageGanConfigSchema.parse({ ...raw, model });
    expect(old.model.noiseMixture).toEqual({ components: 100, sd: 0.2 });
    expect(old.model.prior).toBe('gaussian');
    const bad = { ...raw, model: { ...raw.model, noiseMixture: { components: 0, sd: 0.2 } } };
    expect(imageGanConfigSchema.safeParse(bad).success).toBe(false);
  });
});
