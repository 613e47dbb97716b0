import { z } from 'zod';

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
      /** Seam for later variants (beta-VAE presets, CVAE, mixture prior, IWAE...). */
      variant: z.literal('classic'),
      encoderHidden: z.array(z.number().int().min(2).max(2048)).min(1).max(4),
      decoderHidden: z.array(z.number().int().min(2).max(2048)).min(1).max(4),
      latentDim: z.number().int().min(2).max(64),
      likelihood: z.enum(['bernoulli', 'gaussian']),
      /** Standard deviation of the Gaussian likelihood (ignored for Bernoulli). */
      gaussianSigma: z.number().gt(0).max(10),
    })
    .strict(),
  objective: z
    .object({
      /** Weight on the KL term: 1 is the ELBO, other values give a beta-VAE. */
      beta: z.number().min(0).max(100),
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
    encoderHidden: [400],
    decoderHidden: [400],
    latentDim: 20,
    likelihood: 'bernoulli',
    gaussianSigma: 0.1,
  },
  objective: { beta: 1 },
  optimizer: { name: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999 },
  training: { batchSize: 128, epochs: 10 },
};

/** The classic VAE with a 2-D latent: its whole latent space fits one decoded manifold (preset `vae-2d`). */
export const vae2dConfig: VaeConfig = {
  ...classicVaeConfig,
  model: { ...classicVaeConfig.model, latentDim: 2 },
};
