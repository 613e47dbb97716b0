import { z } from 'zod';

/**
 * The "AE, PCA & discrete" lab (issue 10, items 3-5). One kind, three demos:
 * - 'linear': linear autoencoders (two seeds) against PCA's closed form, and a linear-Gaussian VAE
 *   against probabilistic PCA;
 * - 'generative': a plain and a denoising autoencoder against a VAE, all sampled from their latent space;
 * - 'discrete': a VAE with categorical latents (Gumbel-softmax) next to a Gaussian VAE.
 */
export const AEPCA_DEMOS = ['linear', 'generative', 'discrete'] as const;
export type AepcaDemo = (typeof AEPCA_DEMOS)[number];

export const aepcaConfigSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('aepca'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    demo: z.enum(AEPCA_DEMOS),
    data: z
      .object({
        /** The first N MNIST training images (the PCA covariance is of exactly these). */
        trainSubset: z.number().int().min(100).max(60000),
      })
      .strict(),
    model: z
      .object({
        /** d: latent dimensions (Gaussian codes; the linear models' rank). */
        latentDim: z.number().int().min(1).max(200),
        /** Hidden units of the nonlinear encoders and decoders (one layer each way). */
        hidden: z.number().int().min(8).max(1024),
        /** Discrete demo: N categorical variables of K categories each. */
        categoricalVars: z.number().int().min(1).max(64),
        categories: z.number().int().min(2).max(64),
      })
      .strict(),
    training: z
      .object({
        steps: z.number().int().min(1).max(200_000),
        batchSize: z.number().int().min(8).max(4096),
        /** Adam's learning rate, decayed to 0 over the steps by a half cosine. */
        lr: z.number().gt(0).max(1),
      })
      .strict(),
    /** Denoising autoencoder: Gaussian noise of this standard deviation is added to its inputs. */
    denoiseSigma: z.number().min(0).max(2),
    gumbel: z
      .object({
        /** Temperature at step 0, annealed as tau = max(tauMin, tau0 exp(-rate * step)). */
        tau0: z.number().gt(0).max(100),
        tauMin: z.number().gt(0).max(100),
        rate: z.number().min(0).max(1),
        /** Forward pass with the hard one-hot sample, gradient of the soft one. */
        straightThrough: z.boolean(),
      })
      .strict(),
  })
  .strict();

export type AepcaConfig = z.infer<typeof aepcaConfigSchema>;

export const defaultAepcaConfig: AepcaConfig = {
  version: 1,
  kind: 'aepca',
  seed: 1,
  demo: 'linear',
  data: { trainSubset: 10000 },
  model: { latentDim: 10, hidden: 256, categoricalVars: 20, categories: 10 },
  training: { steps: 2000, batchSize: 256, lr: 3e-3 },
  denoiseSigma: 0.5,
  gumbel: { tau0: 1, tauMin: 0.5, rate: 3e-4, straightThrough: false },
};
