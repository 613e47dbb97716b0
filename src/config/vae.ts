import { z } from 'zod';

export const VAE_VARIANTS = ['classic', 'conditional'] as const;
export const VAE_ARCHITECTURES = ['mlp', 'conv'] as const;
/** 'mlp': p(x|z) factorises over pixels given z. 'autoregressive': a MADE decoder, p(x_i | x_<i, z). */
export const VAE_DECODERS = ['mlp', 'autoregressive'] as const;
export const LIKELIHOODS = [
  'bernoulli',
  'bernoulli-binarized',
  'continuous-bernoulli',
  'gaussian',
  'gaussian-learned',
  'categorical',
] as const;
export const PRIORS = ['standard', 'mixture', 'vamp', 'learned'] as const;
export const BOUNDS = ['elbo', 'iwae'] as const;
export const WARMUPS = ['none', 'linear', 'cyclical'] as const;
export const PSIS = ['none', 'box', 'ink'] as const;
/** Encoder-gradient estimators (core/theory/estimators.ts). */
export const ESTIMATORS = ['reparam', 'score', 'score-baseline'] as const;
export type LikelihoodName = (typeof LIKELIHOODS)[number];
export type PriorName = (typeof PRIORS)[number];
export type WarmupName = (typeof WARMUPS)[number];
export type PsiName = (typeof PSIS)[number];

/** A VAE experiment on MNIST. Defaults match pytorch/examples `vae/main.py`. */
export const vaeConfigSchema = z.object({
  version: z.literal(1),
  kind: z.literal('vae'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  data: z
    .object({
      dataset: z.literal('mnist'),
      /** Use only the first N training images (0 = all 60,000). Tests train on small subsets. */
      trainSubset: z.number().int().min(0).max(60000),
      /** Use only the first N test images (0 = all 10,000). */
      testSubset: z.number().int().min(0).max(10000),
    })
    .strict(),
  model: z
    .object({
      /**
       * 'classic': an unconditional VAE of p(x). 'conditional': a conditional VAE of p(x | c), the digit's
       * label c fed (one-hot) to the encoder and the decoder (lecture 000 eq. 15-16).
       */
      variant: z.enum(VAE_VARIANTS),
      /** MLP encoder and decoder, or a small convolutional pair (two stride-2 convolutions each way). */
      architecture: z.enum(VAE_ARCHITECTURES).default('mlp'),
      /**
       * 'autoregressive': a masked (MADE) decoder, p(x|z) = prod_i Bern(x_i | x_<i, z), with one hidden
       * layer (decoderHidden[0] units); MLP architecture and a Bernoulli likelihood only. Sampling is
       * sequential (784 steps). See src/core/vae/autoregressiveDecoder.ts.
       */
      decoder: z.enum(VAE_DECODERS).default('mlp'),
      /** Dense hidden layers (for 'conv': between the convolutions and the latent code). */
      encoderHidden: z.array(z.number().int().min(2).max(2048)).min(1).max(4),
      decoderHidden: z.array(z.number().int().min(2).max(2048)).min(1).max(4),
      /** Channels of the two stride-2 convolutions ('conv' only): 28 -> 14 -> 7 pixels. */
      convChannels: z.array(z.number().int().min(1).max(128)).length(2).default([16, 32]),
      latentDim: z.number().int().min(2).max(64),
      /** p(x|z): see src/core/vae/likelihoods/ for each one's convention (what its numbers mean). */
      likelihood: z.enum(LIKELIHOODS),
      /** Standard deviation of the fixed-variance Gaussian likelihood (ignored by the others). */
      gaussianSigma: z.number().gt(0).max(10),
      /** Features per pixel the decoder gives the 256-way categorical likelihood's shared output head. */
      categoricalFeatures: z.number().int().min(1).max(32).default(8),
      /** p(z): standard normal, mixture of Gaussians, VampPrior, or a learned diagonal Gaussian. */
      prior: z.enum(PRIORS).default('standard'),
      /** Components of the mixture prior / pseudo-inputs of the VampPrior. */
      priorComponents: z.number().int().min(1).max(100).default(10),
    })
    .strict()
    .refine((m) => m.decoder !== 'autoregressive' || m.architecture === 'mlp', {
      message: 'the autoregressive decoder is an MLP: set model.architecture to mlp',
      path: ['decoder'],
    })
    .refine((m) => m.decoder !== 'autoregressive' || m.likelihood.startsWith('bernoulli'), {
      message: 'the autoregressive decoder models binary pixels: use a bernoulli likelihood',
      path: ['decoder'],
    })
    .refine((m) => m.decoder !== 'autoregressive' || m.decoderHidden.length === 1, {
      message: 'the autoregressive decoder has one hidden layer: give model.decoderHidden one size',
      path: ['decoder'],
    }),
  objective: z
    .object({
      /** Weight on the KL term: 1 is the ELBO, other values give a beta-VAE. */
      beta: z.number().min(0).max(100),
      /** 'elbo': the single-sample ELBO; 'iwae': the importance-weighted bound with `samples` samples. */
      bound: z.enum(BOUNDS).default('elbo'),
      /** k, the IWAE bound's samples per example (1 = the ELBO). */
      samples: z.number().int().min(1).max(64).default(1),
      /** KL warm-up: beta grows from 0 (linear: once; cyclical: again every period). */
      warmup: z.enum(WARMUPS).default('none'),
      /** Linear: epochs to reach beta. Cyclical: the period in epochs (ramp in its first half). */
      warmupEpochs: z.number().gt(0).max(1000).default(5),
      /** Free bits: nats per latent dimension below which the KL costs nothing (0 = off). */
      freeBits: z.number().min(0).max(10).default(0),
      /** Posterior regularization (lecture 000 eq. 18): minus lambda * E_q[psi(z, x)]. */
      psi: z.enum(PSIS).default('none'),
      /** lambda, the weight on E_q[psi]. */
      psiWeight: z.number().min(0).max(1000).default(1),
      /** 'box': the half-width b of the box [-b, b]^d that z should stay in. */
      psiBox: z.number().gt(0).max(10).default(2),
      /** 'ink': the range of ink (mean decoded pixel intensity) a digit should keep. */
      psiInkMin: z.number().min(0).max(1).default(0.06),
      psiInkMax: z.number().min(0).max(1).default(0.12),
      /**
       * How the encoder's gradient of E_q[log p(x|z)] is estimated (lecture 003): 'reparam' (the
       * reparameterization trick), 'score' (REINFORCE), 'score-baseline' (REINFORCE minus the
       * reconstruction at the mean). Only with bound 'elbo'; the KL stays in closed form.
       */
      estimator: z.enum(ESTIMATORS).default('reparam'),
    })
    .strict(),
  optimizer: z
    .object({
      name: z.literal('adam'),
      lr: z.number().gt(0).max(1),
      beta1: z.number().min(0).lt(1),
      beta2: z.number().min(0).lt(1),
    })
    .strict(),
  training: z
    .object({
      batchSize: z.number().int().min(1).max(4096),
      epochs: z.number().int().min(1).max(1000),
    })
    .strict(),
});

export type VaeConfig = z.infer<typeof vaeConfigSchema>;

export const classicVaeConfig: VaeConfig = {
  version: 1,
  kind: 'vae',
  seed: 1,
  data: { dataset: 'mnist', trainSubset: 0, testSubset: 0 },
  model: {
    variant: 'classic',
    architecture: 'mlp',
    decoder: 'mlp',
    encoderHidden: [400],
    decoderHidden: [400],
    convChannels: [16, 32],
    latentDim: 20,
    likelihood: 'bernoulli',
    gaussianSigma: 0.1,
    categoricalFeatures: 8,
    prior: 'standard',
    priorComponents: 10,
  },
  objective: {
    beta: 1,
    bound: 'elbo',
    samples: 1,
    warmup: 'none',
    warmupEpochs: 5,
    freeBits: 0,
    psi: 'none',
    psiWeight: 1,
    psiBox: 2,
    psiInkMin: 0.06,
    psiInkMax: 0.12,
    estimator: 'reparam',
  },
  optimizer: { name: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999 },
  training: { batchSize: 128, epochs: 10 },
};

/** The classic VAE with a 2-D latent: its whole latent space fits one decoded manifold (preset `vae-2d`). */
export const vae2dConfig: VaeConfig = {
  ...classicVaeConfig,
  model: { ...classicVaeConfig.model, latentDim: 2 },
};
