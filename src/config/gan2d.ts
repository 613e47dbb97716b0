import { z } from 'zod';

/** A GAN on a 2-D toy distribution (issue 4): every classic objective, small MLPs, live. */

const network = z
  .object({
    /** Hidden layers. */
    layers: z.number().int().min(1).max(8),
    width: z.number().int().min(2).max(1024),
    activation: z.enum(['relu', 'leakyRelu', 'tanh']),
  })
  .strict();

const optimizer = z
  .object({
    name: z.enum(['sgd', 'adam', 'rmsprop']),
    lr: z.number().gt(0).max(1),
    /** Adam's beta1 (ignored by SGD and RMSProp). */
    beta1: z.number().min(0).lt(1),
    /** Adam's beta2; RMSProp's decay. */
    beta2: z.number().min(0).lt(1),
  })
  .strict();

export const gan2dConfigSchema = z.object({
  version: z.literal(1),
  kind: z.literal('gan2d'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  data: z
    .object({
      dataset: z.enum(['ring', 'grid', 'spiral', 'moons', 'gaussian', 'points']),
      /** For 'points' (drawn or CSV): [x, y] pairs, at most 10,000. */
      points: z.array(z.tuple([z.number().finite(), z.number().finite()])).max(10_000),
      /** For 'points': sd of the Gaussian jitter added to each drawn point. */
      jitter: z.number().min(0).max(1),
    })
    .strict()
    .refine((d) => d.dataset !== 'points' || d.points.length > 0, {
      message: "dataset 'points' needs at least one point",
      path: ['points'],
    }),
  noise: z
    .object({
      dim: z.number().int().min(1).max(64),
      /** 'mixture': a fixed mixture of `components` Gaussian blobs of sd `componentSd` (GM-GAN). */
      prior: z.enum(['gaussian', 'uniform', 'mixture']),
      /** With prior 'mixture': the number of equally likely blobs (centres drawn from N(0, I) by the seed). Older configs: 50. */
      components: z.number().int().min(1).max(1000).default(50),
      /** With prior 'mixture': each blob's standard deviation. Older configs: 0.005. */
      componentSd: z.number().min(0).max(2).default(0.005),
    })
    .strict(),
  generator: network,
  discriminator: network
    .extend({
      /** PacGAN (Lin et al. 2018): D judges this many samples at once (1 = off). Older configs: 1. */
      pack: z.number().int().min(1).max(4).default(1),
    })
    .strict(),
  objective: z
    .object({
      loss: z.enum(['minimax', 'nonSaturating', 'lsgan', 'wgan', 'wganGp', 'hinge', 'fgan']),
      /** WGAN-GP penalty weight (the paper's value is 10). */
      gpLambda: z.number().min(0).max(100),
      /** WGAN weight-clipping bound c (parameters clipped to [-c, c] after each D update). */
      clip: z.number().gt(0).max(10),
      /** Unrolled GAN: D steps looked ahead when computing G's update (0 = off); works with any loss. */
      unrollSteps: z.number().int().min(0).max(20),
      /**
       * 'second': G's gradient flows through the K look-ahead updates of D, as in Metz et al. 2017;
       * 'first': the look-ahead is taken as a constant (no second-order term). Older configs: 'second'.
       */
      unrollOrder: z.enum(['first', 'second']).default('second'),
      /**
       * The look-ahead's learning rate: 'schedule' = D's current rate (decayed with it, as D's next steps
       * would be); 'fixed' = D's base rate optD.lr throughout, so the look-ahead still sees D respond while
       * D's own updates anneal. Older configs: 'schedule'.
       */
      unrollLr: z.enum(['schedule', 'fixed']).default('schedule'),
      fDivergence: z.enum(['kl', 'reverseKl', 'pearson', 'js']),
    })
    .strict(),
  optG: optimizer,
  optD: optimizer,
  training: z
    .object({
      batchSize: z.number().int().min(1).max(4096),
      /** k: discriminator updates per generator update. */
      dSteps: z.number().int().min(1).max(20),
      /** Generator updates in the run. */
      maxSteps: z.number().int().min(1).max(1_000_000),
      /** 'linear': both learning rates fall linearly to 0 at maxSteps (as in the WGAN-GP code). */
      lrDecay: z.enum(['none', 'linear']),
      /**
       * With 'linear': the fraction of the base rates reached at maxSteps (the rates fall linearly from 1x
       * to this; 0 = to 0). Older configs: 0.
       */
      lrDecayFloor: z.number().min(0).max(1).default(0),
    })
    .strict(),
});

export type Gan2dConfig = z.infer<typeof gan2dConfigSchema>;

/** The lab's starting point: non-saturating GAN on the ring, default 3 x 128 networks, batch 256. */
export const defaultGan2dConfig: Gan2dConfig = {
  version: 1,
  kind: 'gan2d',
  seed: 1,
  data: { dataset: 'ring', points: [], jitter: 0.02 },
  noise: { dim: 2, prior: 'gaussian', components: 50, componentSd: 0.005 },
  generator: { layers: 3, width: 128, activation: 'relu' },
  discriminator: { layers: 3, width: 128, activation: 'relu', pack: 1 },
  // gpLambda 10 (Gulrajani et al. 2017): what a switch to WGAN-GP starts from unless a preset says otherwise.
  objective: {
    loss: 'nonSaturating',
    gpLambda: 10,
    clip: 0.01,
    unrollSteps: 0,
    unrollOrder: 'second',
    unrollLr: 'schedule',
    fDivergence: 'js',
  },
  optG: { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.999 },
  optD: { name: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.999 },
  training: { batchSize: 256, dSteps: 1, maxSteps: 5000, lrDecay: 'none', lrDecayFloor: 0 },
};
