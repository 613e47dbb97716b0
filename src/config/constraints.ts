import { z } from 'zod';

/** The constraint lab (issue 11): a 2-D dataset, a constraint, a small GAN, the samplers. */

const num = z.number().finite();
const shape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('halfPlane'), nx: num, ny: num, offset: num }).strict(),
  z.object({ kind: z.literal('disc'), cx: num, cy: num, r: z.number().gt(0).max(10) }).strict(),
  z
    .object({
      kind: z.literal('annulusSector'),
      cx: num,
      cy: num,
      r0: z.number().min(0).max(10),
      r1: z.number().gt(0).max(10),
      a0: num,
      a1: num,
    })
    .strict()
    .refine((s) => s.r1 > s.r0, { message: 'r1 must exceed r0', path: ['r1'] }),
  z
    .object({
      kind: z.literal('boxes'),
      boxes: z
        .array(z.tuple([num, num, num, num]))
        .min(1)
        .max(16),
    })
    .strict(),
  z
    .object({
      kind: z.literal('curve'),
      cx: num,
      cy: num,
      r: z.number().gt(0).max(10),
      width: z.number().min(0).max(5),
    })
    .strict(),
]);

export const constraintsConfigSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('constraints'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    data: z.object({ dataset: z.enum(['ring', 'grid', 'spiral', 'moons', 'gaussian']) }).strict(),
    constraint: z
      .object({
        shape,
        mode: z.enum(['hard', 'soft']),
        /** Weight of phi = distance to C: the soft target's exp(-lambda phi) and the penalty in G's loss. */
        lambda: z.number().min(0).max(1000),
      })
      .strict(),
    model: z
      .object({
        loss: z.enum(['nonSaturating', 'lsgan', 'wganGp', 'hinge']),
        layers: z.number().int().min(1).max(4),
        width: z.number().int().min(2).max(256),
        noiseDim: z.number().int().min(1).max(16),
        lr: z.number().gt(0).max(1),
        batchSize: z.number().int().min(8).max(1024),
        /** Training steps of every model but the base GAN (three GANs and three 2-D VAEs, core/constraints/run.ts). */
        steps: z.number().int().min(1).max(100_000),
        /**
         * Training steps of the base GAN (the unconstrained, prior, rejection and Langevin rows). Added in
         * session 7; a config without it (an older link or file) gets the default, 4,000.
         */
        baseSteps: z.number().int().min(1).max(100_000).default(4000),
      })
      .strict(),
    sampler: z
      .object({
        samples: z.number().int().min(100).max(10_000),
        langevinSteps: z.number().int().min(0).max(2000),
        langevinStep: z.number().gt(0).max(1),
      })
      .strict(),
  })
  .strict();

export type ConstraintsConfig = z.infer<typeof constraintsConfigSchema>;

export const defaultConstraintsConfig: ConstraintsConfig = {
  version: 1,
  kind: 'constraints',
  seed: 1,
  data: { dataset: 'ring' },
  constraint: { shape: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 }, mode: 'hard', lambda: 5 },
  // The GAN lab's WGAN-GP ring nets (3 x 128, batch 256, Adam 1e-3 decaying to 0); 2,000 steps per model
  // and 4,000 for the base GAN, whose samples the iterative samplers correct: at 2,000 steps seed 5's base GAN
  // missed the ring (rejection and Langevin met issue 11's target on 9 of 10 seeds), at 4,000 on 10 of 10
  // (docs/constraints.md). 2 x 64 nets for 600 or 2,000 steps left the ring's modes a blur (seed 1: 1 of 8
  // modes, 2.5 % HQ).
  model: {
    loss: 'wganGp',
    layers: 3,
    width: 128,
    noiseDim: 2,
    lr: 1e-3,
    batchSize: 256,
    steps: 2000,
    baseSteps: 4000,
  },
  sampler: { samples: 2500, langevinSteps: 100, langevinStep: 0.01 },
};
