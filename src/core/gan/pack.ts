import * as tf from '@tensorflow/tfjs';

/**
 * PacGAN packing (Lin et al. 2018): the discriminator judges m samples of the same source at once, so
 * that a generator putting all its samples in one place is easy to tell apart from the data. A batch of
 * n points [n, 2] becomes floor(n / m) packed inputs [floor(n / m), 2m], each m consecutive points side
 * by side (a remainder of fewer than m points is left out). m = 1 returns the batch unchanged.
 */
export function packRows(x: tf.Tensor2D, m: number): tf.Tensor2D {
  if (m <= 1) return x;
  const [n, d] = x.shape;
  const rows = Math.floor(n / m);
  const kept = rows * m === n ? x : tf.slice(x, [0, 0], [rows * m, d]);
  return tf.reshape(kept, [rows, d * m]);
}

/** Each point packed with m - 1 copies of itself: [n, 2] -> [n, 2m], for drawing D(x, ..., x). */
export function tileRows(x: tf.Tensor2D, m: number): tf.Tensor2D {
  return m <= 1 ? x : tf.tile(x, [1, m]);
}
