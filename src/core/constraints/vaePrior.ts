import type { Rng } from '../rng';
import { fitLatentMixture, sampleLatentMixture } from './latentMixture';
import type { Vae2d } from './vae2d';

/**
 * Way (c) for the 2-D VAE (lecture 000 eq. 17): replace the prior N(0, I) by a mixture whose components sit
 * on the aggregated posterior restricted to C. Each feasible training point x gives one code z ~ q(z|x); the
 * codes are clustered (k-means) into `k` diagonal Gaussians (latentMixture.ts); samples are one shot,
 * z from the mixture and x = f(z) + sigma_x eps. Nothing checks the decoded sample: the Gaussians' tails and
 * the decoder's blur still reach outside C.
 */
export function vaeMixturePriorSample(
  vae: Vae2d,
  feasible: Float32Array,
  k: number,
  n: number,
  rng: Rng,
): Float32Array {
  const codes = vae.encodeSample(feasible, rng);
  const mix = fitLatentMixture(codes, codes.length / (feasible.length / 2), k, rng);
  return vae.decodeFrom(sampleLatentMixture(mix, n, rng));
}
