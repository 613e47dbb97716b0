import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, type Mnist } from '../../src/data/mnist';
import { nodeIdxReader } from '../../src/data/mnistNode';
import { nearCopyShare, nearestDistances } from '../../src/core/quality/nearCopies';
import { Rng } from '../../src/core/rng';
import { requireMnist } from './requireMnist';

let mnist: Mnist;
beforeAll(async () => {
  requireMnist();
  await tf.setBackend('cpu');
  mnist = await loadMnist(nodeIdxReader());
}, 60_000);

/** Nearest-other distances by a plain double loop over pixel differences (no dot-product identity). */
function bruteNearest(bytes: Uint8Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let p = 0; p < 784; p++) {
        const d = (bytes[i * 784 + p]! - bytes[j * 784 + p]!) / 255;
        s += d * d;
      }
      best = Math.min(best, s);
    }
    out.push(Math.sqrt(best));
  }
  return out;
}

/** `n` images made of `k` test digits repeated, each copy with faint noise (sd `noise` in [0, 1] units). */
function prototypes(k: number, n: number, noise: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < 784; p++) {
      const v = mnist.test.images[(i % k) * 784 + p]! / 255 + noise * rng.normal();
      out[i * 784 + p] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  return out;
}

describe('near-copies among samples', () => {
  it('nearest distances match a plain double loop over pixels, including an exact duplicate', () => {
    const n = 60;
    const bytes = mnist.test.images.slice(0, n * 784);
    bytes.set(bytes.subarray(0, 784), 59 * 784); // image 59 = image 0: both at distance 0
    return nearestDistances(bytes, n).then((d) => {
      const want = bruteNearest(bytes, n);
      expect(d[0]).toBeLessThan(1e-2);
      expect(d[59]).toBeLessThan(1e-2);
      for (let i = 0; i < n; i++) expect(d[i]).toBeCloseTo(want[i]!, 2);
    });
  });

  it('a generator repeating 50 digits with faint noise has a near-copy for every sample', async () => {
    const n = 1000;
    const share = await nearCopyShare(prototypes(50, n, 0.02, new Rng(3)), n);
    expect(share).toBe(1);
  });

  it('the first 1,000 test digits rarely have one (3.6 %, mostly 1s), and random-pixel images have none', async () => {
    const share = await nearCopyShare(mnist.test.images, mnist.test.count);
    expect(share).toBeCloseTo(0.036, 3);
    const rng = new Rng(5);
    const noise = Uint8Array.from({ length: 300 * 784 }, () => Math.floor(256 * rng.next()));
    expect(await nearCopyShare(noise, 300)).toBe(0);
  });

  it('looks at the first 1,000 samples only and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    // 1,000 distinct test digits followed by copies of them: the copies lie beyond the window.
    const n = 1500;
    const bytes = new Uint8Array(n * 784);
    bytes.set(mnist.test.images.subarray(0, 1000 * 784));
    bytes.set(mnist.test.images.subarray(0, 500 * 784), 1000 * 784);
    expect((await nearestDistances(bytes, n)).length).toBe(1000);
    expect(await nearCopyShare(bytes, n)).toBeCloseTo(0.036, 3);
    expect(await nearCopyShare(bytes, n, 1500)).toBeGreaterThan(0.66);
    expect(tf.memory().numTensors).toBe(before);
  });
});
