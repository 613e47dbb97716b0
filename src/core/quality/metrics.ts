import * as tf from '@tensorflow/tfjs';
import { klToUniform } from '../gan/metrics';
import { FEATURE_DIM, type MnistClassifier } from './classifier';
import { frechetDistance, moments, type Moments } from './frechet';
import { nearCopyShare } from './nearCopies';
import { checkImages, unitPixels } from './pixels';

/**
 * Sample quality and coverage from a classifier, the MNIST analogues of the Inception score and FID:
 *   class histogram   argmax p(y|x) over the samples; its KL to uniform is 0 when every digit is
 *                     generated equally often and log 10 = 2.30 nats when one digit is all there is;
 *   MNIST score       exp( E_x KL(p(y|x) || p(y)) ), p(y) = E_x p(y|x): high when each sample is
 *                     confidently one digit AND the digits vary (1 = no information, 10 = best);
 *   Fréchet distance  between Gaussians fitted to the classifier's 128 features of the samples and of
 *                     the 10,000 test digits: 0 when the two feature clouds have equal mean and covariance;
 *   near-copy share   samples with an almost identical sample beside them (nearCopies.ts): what the
 *                     classifier-based scores cannot see, a generator repeating a few dozen images.
 */
export interface QualityScores {
  count: number;
  mnistScore: number;
  /** Samples per predicted class (argmax). */
  histogram: number[];
  /** KL(class histogram || uniform), nats. */
  classKl: number;
  /** Null when no reference statistics were given. */
  frechet: number | null;
  /** Mean of max_y p(y|x): how sure the classifier is, sample by sample. */
  meanConfidence: number;
  /** Share of the first 1,000 samples with a near-copy among them (nearCopies.ts). */
  nearCopyShare: number;
}

const CHUNK = 500;

/** p(y|x) [n x 10] and features [n x 128] for n images given as bytes (0..255) or floats in [0, 1]. */
export async function classify(
  c: MnistClassifier,
  images: ArrayLike<number>,
  n: number,
): Promise<{ probs: Float32Array; features: Float32Array }> {
  checkImages(images, n);
  const probs = new Float32Array(n * 10);
  const features = new Float32Array(n * FEATURE_DIM);
  for (let from = 0; from < n; from += CHUNK) {
    const m = Math.min(CHUNK, n - from);
    const x = unitPixels(images, from, m);
    const [p, f] = tf.tidy(() => {
      const feats = c.features(tf.tensor2d(x, [m, 784]));
      return [tf.softmax(c.logitsFromFeatures(feats)), feats];
    });
    probs.set((await p!.data()) as Float32Array, from * 10);
    features.set((await f!.data()) as Float32Array, from * FEATURE_DIM);
    tf.dispose([p!, f!]);
  }
  return { probs, features };
}

/** exp(E_x KL(p(y|x) || p(y))) for n rows of k class probabilities (rows should sum to 1). */
export function mnistScore(probs: ArrayLike<number>, n: number, k = 10): number {
  if (probs.length !== n * k || n === 0) throw new RangeError(`expected ${n} x ${k} probabilities`);
  const py = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let y = 0; y < k; y++) py[y]! += probs[i * k + y]!;
  for (let y = 0; y < k; y++) py[y]! /= n;
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let y = 0; y < k; y++) {
      const p = probs[i * k + y]!;
      if (p > 0) kl += p * Math.log(p / py[y]!);
    }
  return Math.exp(kl / n);
}

/** Counts of argmax classes. */
export function classHistogram(probs: ArrayLike<number>, n: number, k = 10): number[] {
  const h = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let y = 1; y < k; y++) if (probs[i * k + y]! > probs[i * k + best]!) best = y;
    h[best]!++;
  }
  return h;
}

export function meanConfidence(probs: ArrayLike<number>, n: number, k = 10): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let y = 0; y < k; y++) m = Math.max(m, probs[i * k + y]!);
    s += m;
  }
  return n ? s / n : 0;
}

/** Every score for n images (bytes or [0, 1] floats); `reference` = feature moments of the test digits. */
export async function scoreImages(
  c: MnistClassifier,
  images: ArrayLike<number>,
  n: number,
  reference: Moments | null,
): Promise<QualityScores & { probs: Float32Array }> {
  const { probs, features } = await classify(c, images, n);
  const histogram = classHistogram(probs, n);
  return {
    count: n,
    mnistScore: mnistScore(probs, n),
    histogram,
    classKl: klToUniform(histogram) ?? 0,
    frechet: reference ? frechetDistance(moments(features, n, FEATURE_DIM), reference) : null,
    meanConfidence: meanConfidence(probs, n),
    nearCopyShare: await nearCopyShare(images, n),
    probs,
  };
}
