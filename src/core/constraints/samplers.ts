import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';

export interface SamplerResult {
  /** Interleaved x, y. */
  points: Float32Array;
  /** Forward passes of the model spent, in total (a Langevin step counts one, its backward pass not). */
  forwardPasses: number;
  /** Samples delivered (accepted). */
  accepted: number;
}

/**
 * Rejection sampling against a model: draw a batch of proposals x ~ p_model, keep each with probability
 * accept(x) in [0, 1]; the kept points are distributed as p_model(x) accept(x) / Z. Stops after n kept points
 * or `maxProposals` proposals (then fewer than n come back). Cost: one forward pass per proposal.
 */
export function rejectionSample(
  propose: (count: number) => Float32Array,
  accept: (x: number, y: number) => number,
  n: number,
  rng: Rng,
  maxProposals = 200 * n,
  batch = 1000,
): SamplerResult {
  const out = new Float32Array(2 * n);
  let kept = 0;
  let proposals = 0;
  while (kept < n && proposals < maxProposals) {
    const m = Math.min(batch, maxProposals - proposals);
    const p = propose(m);
    // Cost counts the proposals examined; those left in the last batch are not needed and not counted.
    for (let i = 0; i < m && kept < n; i++) {
      proposals++;
      const x = p[2 * i]!;
      const y = p[2 * i + 1]!;
      if (rng.next() < accept(x, y)) {
        out[2 * kept] = x;
        out[2 * kept + 1] = y;
        kept++;
      }
    }
  }
  return { points: out.slice(0, 2 * kept), forwardPasses: proposals, accepted: kept };
}

/**
 * Unadjusted Langevin dynamics on an energy U (target ∝ exp(-U)):
 *   z <- z - eta grad U(z) + sqrt(2 eta) xi,  xi ~ N(0, I),
 * `steps` times from z0 (not disposed). `gradU` returns a new tensor. For a Gaussian U = |z - mu|^2 / (2 s^2)
 * the chain's stationary law is N(mu, s^2 / (1 - eta / (2 s^2))): the step size biases the variance.
 * `noise` false: the same steps without xi (plain gradient descent on U).
 */
export function langevin(
  gradU: (z: tf.Tensor2D) => tf.Tensor2D,
  z0: tf.Tensor2D,
  steps: number,
  eta: number,
  seed: number,
  noise = true,
): tf.Tensor2D {
  let z = tf.clone(z0);
  const noiseScale = Math.sqrt(2 * eta);
  for (let k = 0; k < steps; k++) {
    const next = tf.tidy(() => {
      const moved = tf.sub(z, tf.mul(eta, gradU(z))) as tf.Tensor2D;
      if (!noise) return moved;
      const xi = tf.randomNormal(z.shape, 0, 1, 'float32', seed + k);
      return tf.add(moved, tf.mul(noiseScale, xi)) as tf.Tensor2D;
    });
    z.dispose();
    z = next;
  }
  return z;
}
