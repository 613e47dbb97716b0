import { z } from 'zod';
import { gan2dConfigSchema } from './gan2d';

/**
 * A GAN on MNIST (issue 12): an MLP GAN or a DCGAN, optionally conditional on the digit's label. The
 * objective and optimizer blocks are the 2-D lab's own schemas, so every objective there works here.
 */
const gan2d = gan2dConfigSchema.shape;

const network = z
  .object({
    /** MLP hidden widths (arch 'mlp'), input side first. */
    mlpHidden: z.array(z.number().int().min(8).max(2048)).min(1).max(4),
    /** DCGAN channels of the 14x14 layer; the 7x7 layer has twice as many (arch 'dcgan'). */
    channels: z.number().int().min(2).max(128),
    batchNorm: z.boolean(),
  })
  .strict();

/**
 * G adds one optional layer: its second transposed conv makes `fullResChannels` maps at 28x28 (batch
 * norm, ReLU) and a 3x3 conv draws the digit from them (docs/image-gans.md, session 9). 0 = off: the
 * transposed conv draws the digit itself. Absent (configs made before the field) means 0.
 */
export const FULL_RES_CHANNELS_ABSENT = 0;
const generatorNetwork = network.extend({
  fullResChannels: z.number().int().min(0).max(64).default(FULL_RES_CHANNELS_ABSENT),
});

export const imageGanConfigSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('imageGan'),
    seed: gan2d.seed,
    data: z
      .object({
        dataset: z.literal('mnist'),
        /** Train on the first N training images only (0 = all 60,000). */
        trainSubset: z.number().int().min(0).max(60000),
      })
      .strict(),
    model: z
      .object({
        arch: z.enum(['mlp', 'dcgan']),
        /** Feed the digit's label to G and D (conditional GAN). */
        conditional: z.boolean(),
        noiseDim: z.number().int().min(1).max(256),
        /** 'mixture': G's noise is a fixed mixture of equally likely Gaussian blobs (GM-GAN), as in the 2-D lab. */
        prior: z.enum(['gaussian', 'uniform', 'mixture']),
        /**
         * The mixture prior's blobs: how many and their standard deviation (centres drawn from N(0, I) by the
         * seed). Configs made before the field read 100 blobs of sd 0.2 and keep their own prior.
         */
        noiseMixture: z
          .object({ components: z.number().int().min(1).max(1000), sd: z.number().gt(0).max(10) })
          .strict()
          .default({ components: 100, sd: 0.2 }),
        generator: generatorNetwork,
        discriminator: network,
        /**
         * Show and score an exponential moving average of G's weights with this decay (0 = the
         * trained G itself). Training is unchanged; only the samples come from the average.
         */
        generatorEma: z.number().min(0).lt(1),
      })
      .strict(),
    // The 2-D lab's look-ahead rate option and decay floor are not implemented for images.
    objective: gan2d.objective.omit({ unrollLr: true }),
    optG: gan2d.optG,
    optD: gan2d.optD,
    training: gan2d.training.omit({ lrDecayFloor: true }),
    monitor: z
      .object({
        /** Score samples with the MNIST classifier every N generator steps (0 = never). */
        metricsEvery: z.number().int().min(0).max(1_000_000),
        /** Samples scored each time. */
        metricSamples: z.number().int().min(100).max(10_000),
        /** Keep the fixed-noise grid every N generator steps for the timeline (0 = never). */
        timelineEvery: z.number().int().min(0).max(1_000_000),
      })
      .strict(),
  })
  .strict();

export type ImageGanConfig = z.infer<typeof imageGanConfigSchema>;

/** DCGAN defaults: Adam (2e-4, 0.5, 0.999) for both nets as in Radford et al., batch 64. */
export const defaultImageGanConfig: ImageGanConfig = {
  version: 1,
  kind: 'imageGan',
  seed: 1,
  data: { dataset: 'mnist', trainSubset: 0 },
  model: {
    arch: 'dcgan',
    conditional: false,
    noiseDim: 64,
    prior: 'gaussian',
    noiseMixture: { components: 100, sd: 0.2 },
    generator: { mlpHidden: [256, 512], channels: 16, batchNorm: true, fullResChannels: 0 },
    discriminator: { mlpHidden: [512, 256], channels: 16, batchNorm: false },
    generatorEma: 0,
  },
  objective: {
    loss: 'nonSaturating',
    gpLambda: 10,
    clip: 0.01,
    unrollSteps: 0,
    unrollOrder: 'second',
    fDivergence: 'js',
  },
  optG: { name: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  optD: { name: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  training: { batchSize: 64, dSteps: 1, maxSteps: 3000, lrDecay: 'none' },
  monitor: { metricsEvery: 250, metricSamples: 1000, timelineEvery: 50 },
};
