import { Rng } from '../core/rng';
import type { MnistSplit } from './mnist';

/**
 * A fixed stochastic binarization of a split: pixel i becomes 255 with probability grey_i / 255, else 0,
 * drawn with `seed`. The literature evaluates binarized-MNIST models on one such draw of the test set;
 * every model here uses the same seed, so their test numbers compare.
 */
export function binarizeSplit(s: MnistSplit, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(s.images.length);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < s.images[i]! / 255 ? 255 : 0;
  return { count: s.count, images, labels: s.labels };
}

/** The seed of the test set's binarization, shared by every run. */
export const TEST_BINARIZATION_SEED = 20160101;
