import { z } from 'zod';
import { gan2dConfigSchema } from './gan2d';

/**
 * An adversarial autoencoder on MNIST (Makhzani et al. 2016; lecture 004): a deterministic encoder
 * and decoder trained on reconstruction, and a discriminator on the latent codes that pushes the
 * encodings of the data toward a chosen prior.
 */
const gan2d = gan2dConfigSchema.shape;
const hidden = z.array(z.number().int().min(4).max(2048)).min(1).max(4);

export const AAE_PRIORS = ['gaussian', 'mixture10', 'swissRoll'] as const;
export type AaePriorName = (typeof AAE_PRIORS)[number];

export const aaeConfigSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('aae'),
    seed: gan2d.seed,
    data: z
      .object({
        dataset: z.literal('mnist'),
        trainSubset: z.number().int().min(0).max(60000),
        /** Test digits encoded for the scatter (and scored for reconstruction). */
        testSubset: z.number().int().min(0).max(10000),
      })
      .strict(),
    model: z
      .object({
        latentDim: z.number().int().min(2).max(64),
        encoderHidden: hidden,
        decoderHidden: hidden,
        discriminatorHidden: hidden,
      })
      .strict(),
    prior: z
      .object({
        kind: z.enum(AAE_PRIORS),
        /**
         * Tell D each code's digit and draw the prior sample of a digit from "its" part of the prior
         * (mixture component or stretch of the roll), as in Makhzani et al.'s Fig. 4.
         */
        useLabels: z.boolean(),
      })
      .strict(),
    objective: gan2d.objective.omit({ unrollLr: true }), // the 2-D lab's look-ahead rate option: not here
    /** Encoder + decoder on the reconstruction loss. */
    optAE: gan2d.optG,
    /** The encoder as the adversary's generator. */
    optG: gan2d.optG,
    optD: gan2d.optD,
    training: z
      .object({
        batchSize: z.number().int().min(1).max(4096),
        dSteps: z.number().int().min(1).max(20),
        maxSteps: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
    monitor: z
      .object({
        metricsEvery: z.number().int().min(0).max(1_000_000),
        metricSamples: z.number().int().min(100).max(10_000),
      })
      .strict(),
  })
  .strict()
  .refine((c) => c.prior.kind === 'gaussian' || c.model.latentDim === 2, {
    message: 'the mixture and swiss-roll priors are 2-D: set model.latentDim to 2',
    path: ['model', 'latentDim'],
  })
  .refine((c) => c.objective.unrollSteps === 0, {
    message: 'the adversarial autoencoder does not unroll its discriminator: set it to 0',
    path: ['objective', 'unrollSteps'],
  })
  .refine((c) => !c.prior.useLabels || c.prior.kind !== 'gaussian', {
    message: 'labels can only place codes in a prior with parts (mixture10 or swissRoll)',
    path: ['prior', 'useLabels'],
  });

export type AaeConfig = z.infer<typeof aaeConfigSchema>;

export const defaultAaeConfig: AaeConfig = {
  version: 1,
  kind: 'aae',
  seed: 1,
  data: { dataset: 'mnist', trainSubset: 0, testSubset: 1000 },
  model: {
    latentDim: 2,
    encoderHidden: [512, 256],
    decoderHidden: [256, 512],
    discriminatorHidden: [256, 256],
  },
  prior: { kind: 'mixture10', useLabels: false },
  objective: {
    loss: 'nonSaturating',
    gpLambda: 10,
    clip: 0.01,
    unrollSteps: 0,
    unrollOrder: 'second',
    fDivergence: 'js',
  },
  optAE: { name: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999 },
  optG: { name: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  optD: { name: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  training: { batchSize: 100, dSteps: 1, maxSteps: 3000 },
  monitor: { metricsEvery: 500, metricSamples: 1000 },
};
