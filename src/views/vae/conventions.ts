import type { LikelihoodName, PriorName, VaeConfig } from '../../config/vae';

/**
 * What the numbers of each setting mean, in the words the VAE trainer shows. Every statement here holds
 * for the setting it names (issue 9: "the convention of every number stated in the UI").
 */

export const LIKELIHOOD_LABELS: Record<LikelihoodName, string> = {
  bernoulli: 'Bernoulli, grey pixels in [0, 1] (pytorch/examples)',
  'bernoulli-binarized': 'Bernoulli, binarized pixels (dynamic binarization)',
  'continuous-bernoulli': 'Continuous Bernoulli (normalized)',
  gaussian: 'Gaussian, fixed σ',
  'gaussian-learned': 'Gaussian, learned σ',
  categorical: '256-way categorical per pixel',
};

/** The convention of log p(x|z) (and so of every loss, ELBO and log p(x) in nats) for a likelihood. */
export function likelihoodConvention(m: VaeConfig['model'], sigma?: number): string {
  switch (m.likelihood) {
    case 'bernoulli':
      return 'Bernoulli on grey pixels in [0, 1], as pytorch/examples computes it: −log p(x|z) is the binary cross-entropy summed over the 784 pixels. For grey pixels that is a cross-entropy, not the log-probability of an image, so these nats compare only with runs under the same convention, not with papers on binarized MNIST.';
    case 'bernoulli-binarized':
      return 'Bernoulli on binary pixels, the literature’s convention: each training digit is re-binarized every time it is seen (pixel = 1 with probability its grey level) and the test set is binarized once with a fixed seed. log p(x|z) is the log-probability of a binary image in nats, comparable with papers (the IWAE paper’s one-layer VAE: log p(x) ≈ −86.76).';
    case 'continuous-bernoulli':
      return 'Continuous Bernoulli: the Bernoulli formula plus its normalizer log C(λ) ≥ log 2 per pixel, which makes p(x|z) a proper density on [0, 1]^784. Its numbers are log-densities: they can be positive, and the loss sits hundreds of nats below the plain Bernoulli’s. Not comparable with discrete likelihoods.';
    case 'gaussian':
      return `Gaussian with fixed σ = ${m.gaussianSigma}: a log-density of grey levels in [0, 1], −log p(x|z) = 784·log(σ√(2π)) + ‖x − mean‖²/(2σ²). Its value depends on σ and on the pixel scale; not comparable with discrete likelihoods.`;
    case 'gaussian-learned':
      return `Gaussian with one σ for all pixels, learned with the model${sigma !== undefined ? ` (now σ = ${sigma.toPrecision(3)})` : ''}: a log-density of grey levels in [0, 1] that can be positive; not comparable with discrete likelihoods.`;
    case 'categorical':
      return 'A 256-way categorical distribution over each pixel’s 8-bit value: log p(x|z) is the log-probability of the 8-bit image in nats (divide by 784·ln 2 ≈ 543.4 for bits per pixel). Comparable with other models of 8-bit MNIST, not with the Bernoulli’s.';
  }
}

export const PRIOR_LABELS: Record<PriorName, string> = {
  standard: 'Standard normal N(0, I)',
  mixture: 'Mixture of K Gaussians (learned)',
  vamp: 'VampPrior (K pseudo-inputs)',
  learned: 'Learned diagonal Gaussian',
};

/** How the KL term is computed for a prior. */
export function klMethod(prior: PriorName): string {
  return prior === 'standard' || prior === 'learned'
    ? 'KL(q(z|x) ‖ p(z)) in closed form (two diagonal Gaussians).'
    : 'KL(q(z|x) ‖ p(z)) has no closed form for this prior: it is estimated by Monte Carlo, log q(z|x) − log p(z) at the sampled z (unbiased, one sample per digit; IWAE averages its k samples).';
}

/** The loss chart's title and what the loss is, for an objective. */
export function objectiveStatement(o: VaeConfig['objective']): { title: string; formula: string } {
  if (o.bound === 'iwae') {
    const psi = o.psi === 'none' ? '' : ` + ${o.psiWeight}·E[ψ]`;
    return {
      title:
        o.samples === 1 && o.psi === 'none'
          ? 'Negative ELBO (loss, IWAE k = 1)'
          : `Negative IWAE bound, k = ${o.samples}${psi ? ' (+ penalty)' : ''}`,
      formula: `loss = −L_k${psi}, L_k = E[log (1/k) Σ_s p(x, z_s)/q(z_s|x)] with k = ${o.samples} (β, warm-up and free bits do not enter the IWAE bound)`,
    };
  }
  const plain = o.beta === 1 && o.warmup === 'none' && o.freeBits === 0 && o.psi === 'none';
  const parts: string[] = ['loss = recon'];
  const kl = o.freeBits > 0 ? `Σ_j max(${o.freeBits}, KL_j)` : 'KL';
  if (o.warmup === 'none') parts.push(o.beta === 1 ? `+ ${kl}` : `+ ${o.beta}·${kl}`);
  else
    parts.push(
      `+ β_t·${kl} with β_t ramping to ${o.beta} (${o.warmup} warm-up over ${o.warmupEpochs} epochs)`,
    );
  if (o.psi !== 'none') parts.push(`+ ${o.psiWeight}·E[ψ_${o.psi}]`);
  if (o.samples > 1) parts.push(`(averaged over ${o.samples} samples of z)`);
  return {
    title: plain ? 'Negative ELBO (loss)' : 'Training loss (not the plain −ELBO)',
    formula: parts.join(' '),
  };
}
