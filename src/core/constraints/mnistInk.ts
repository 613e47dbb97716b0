import * as tf from '@tensorflow/tfjs';
import { langevin } from './samplers';

/**
 * The MNIST version of the constraint lab (issue 11 item 4): the constraint "ink mass below t", ink = the
 * mean pixel intensity (in [0, 1]) of a 28 x 28 image. Samples are the decoder's mean images E[x|z].
 */
export const PIXELS = 784;

/** Ink of each image (n x pixels, row-major): its mean pixel intensity. */
export function inkOf(images: ArrayLike<number>, pixels = PIXELS): Float64Array {
  const n = Math.floor(images.length / pixels);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < pixels; p++) s += images[i * pixels + p]!;
    out[i] = s / pixels;
  }
  return out;
}

/** Share of the images whose ink is below t. */
export function inkFeasibility(images: ArrayLike<number>, t: number, pixels = PIXELS): number {
  const ink = inkOf(images, pixels);
  if (!ink.length) return 0;
  let k = 0;
  for (const v of ink) if (v < t) k++;
  return k / ink.length;
}

export interface LatentInkSettings {
  /** The threshold t: feasible images have ink < t. */
  t: number;
  /** w, the weight of the hinge max(0, ink - t) in U. */
  weight: number;
  steps: number;
  /** eta, the step size. */
  step: number;
  /** true: Langevin (ULA, noise sqrt(2 eta) xi); false: plain gradient descent on U. */
  noise: boolean;
  /** Seed of the Langevin noise. */
  seed: number;
}

/**
 * Latent-space steps on U(z) = |z|^2 / 2 + w max(0, ink(f(z)) - t), f = the decoder's mean image: the prior's
 * energy plus a hinge on the constraint (lecture 000 eq. 21 in code space, phi = the ink above t). Each step
 * is z <- z - eta grad U(z) (+ sqrt(2 eta) xi for Langevin); rows are independent chains. Returns the final
 * codes (n x dim). Costs one decoder forward and backward pass per step.
 */
export function latentInkSteps(
  decodeMean: (z: tf.Tensor2D) => tf.Tensor2D,
  z0: Float32Array,
  dim: number,
  s: LatentInkSettings,
): Float32Array {
  const n = z0.length / dim;
  const energy = (z: tf.Tensor) =>
    tf.sum(
      tf.add(
        tf.mul(0.5, tf.sum(tf.square(z), 1)),
        tf.mul(s.weight, tf.relu(tf.sub(tf.mean(decodeMean(z as tf.Tensor2D), 1), s.t))),
      ),
    ) as tf.Scalar;
  const grad = tf.grad(energy) as (z: tf.Tensor2D) => tf.Tensor2D;
  const start = tf.tensor2d(z0, [n, dim]);
  const end = langevin(grad, start, s.steps, s.step, s.seed, s.noise);
  const z = end.dataSync() as Float32Array;
  start.dispose();
  end.dispose();
  return z;
}

/** Median of the pairwise Euclidean distances between the rows (n x d): the MMD's kernel width. */
export function medianDistance(x: Float32Array, d: number): number {
  const n = x.length / d;
  const all: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += (x[i * d + p]! - x[j * d + p]!) ** 2;
      all.push(Math.sqrt(s));
    }
  all.sort((a, b) => a - b);
  return all.length ? all[Math.floor(all.length / 2)]! : 1;
}

/**
 * MMD between two sets of images (rows of length d) with the Gaussian kernel exp(-|x - y|^2 / (2 h^2)),
 * unbiased (the i = j terms left out of both within-set means); returns sqrt(max(0, MMD^2)).
 */
export function imageMmd(a: Float32Array, b: Float32Array, d: number, h: number): number {
  const n = a.length / d;
  const m = b.length / d;
  if (n < 2 || m < 2) return NaN;
  const g = 1 / (2 * h * h);
  const mmd2 = tf.tidy(() => {
    const A = tf.tensor2d(a, [n, d]);
    const B = tf.tensor2d(b, [m, d]);
    const sq = (X: tf.Tensor2D, Y: tf.Tensor2D) =>
      tf.relu(
        tf.sub(
          tf.add(tf.sum(tf.square(X), 1, true), tf.transpose(tf.sum(tf.square(Y), 1, true))),
          tf.mul(2, tf.matMul(X, Y, false, true)),
        ),
      );
    const k = (X: tf.Tensor2D, Y: tf.Tensor2D) => tf.exp(tf.mul(-g, sq(X, Y)));
    // Within-set sums minus the diagonal (k(x, x) = 1).
    const kaa = (tf.sum(k(A, A)).dataSync()[0]! - n) / (n * (n - 1));
    const kbb = (tf.sum(k(B, B)).dataSync()[0]! - m) / (m * (m - 1));
    const kab = tf.mean(k(A, B)).dataSync()[0]!;
    return kaa + kbb - 2 * kab;
  });
  return Math.sqrt(Math.max(0, mmd2));
}
