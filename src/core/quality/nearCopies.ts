import * as tf from '@tensorflow/tfjs';
import { checkImages, unitPixels } from './pixels';

/**
 * Near-copies: how many samples have an almost identical image among the other samples.
 *
 * The MNIST score and the Fréchet distance read samples through a classifier, so a generator that draws
 * 50 clean prototypes over and over scores as well as one that draws 10,000 different digits: both are
 * confident and spread over the classes. Pixel distances between the samples themselves show the
 * difference. Two 28x28 images (pixels in [0, 1]) count as near-copies when their Euclidean distance is
 * below NEAR_COPY_DISTANCE = 2, a root-mean-square difference of 2 / 28 = 0.07 per pixel: the same
 * strokes with faint noise. Among the first 1,000 MNIST test digits 3.6 % have such a twin (mostly 1s).
 *
 * Computed on the first NEAR_COPY_SAMPLES samples so that in-run scores (often 1,000 samples) and
 * final scores (10,000) are on one scale: the share grows with the number of samples compared.
 */
export const NEAR_COPY_SAMPLES = 1000;
export const NEAR_COPY_DISTANCE = 2;

/** Distance from each of the first min(n, count) images to its nearest other image among them. */
export async function nearestDistances(
  images: ArrayLike<number>,
  n: number,
  count = NEAR_COPY_SAMPLES,
): Promise<Float32Array> {
  checkImages(images, n);
  const m = Math.min(n, count);
  if (m < 2) return new Float32Array(m).fill(Infinity);
  const x = unitPixels(images, 0, m);
  const d2 = tf.tidy(() => {
    const X = tf.tensor2d(x, [m, 784]);
    const sq = tf.sum(tf.square(X), 1);
    // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, with each image's distance to itself pushed out of the minimum.
    const all = tf.sub(tf.add(sq.expandDims(1), sq.expandDims(0)), tf.mul(2, tf.matMul(X, X, false, true)));
    const self = tf.mul(tf.eye(m), 1e30); // far above any distance of [0, 1] images (at most 784)
    return tf.min(tf.add(tf.relu(all), self), 1);
  });
  const v = (await d2.data()) as Float32Array;
  d2.dispose();
  return v.map(Math.sqrt);
}

/** Share of the first min(n, count) images that have a near-copy (distance < `distance`) among them. */
export async function nearCopyShare(
  images: ArrayLike<number>,
  n: number,
  count = NEAR_COPY_SAMPLES,
  distance = NEAR_COPY_DISTANCE,
): Promise<number> {
  const d = await nearestDistances(images, n, count);
  if (d.length === 0) return 0;
  let close = 0;
  for (const v of d) if (v < distance) close++;
  return close / d.length;
}
