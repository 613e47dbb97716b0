import { z } from 'zod';

/** The constraint lab's MNIST version (issue 11 item 4): "ink mass below t" on a small VAE's digits. */
export const constraintsMnistConfigSchema = z
  .object({
    version: z.literal(1),
    kind: z.literal('constraintsMnist'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    data: z
      .object({
        dataset: z.literal('mnist'),
        /** Use only the first N training digits (0 = all 60,000). */
        trainSubset: z.number().int().min(0).max(60000),
      })
      .strict(),
    constraint: z
      .object({
        /** Feasible: the decoded mean image's ink (mean pixel intensity) is below t. */
        inkMax: z.number().gt(0).max(1),
        /** w, the weight of max(0, ink - t) in the latent energy U(z) = |z|^2 / 2 + w max(0, ink - t). */
        weight: z.number().min(0).max(100_000),
      })
      .strict(),
    model: z
      .object({
        /** One hidden layer of this width in the encoder and the decoder (MLP, Bernoulli likelihood). */
        hidden: z.number().int().min(2).max(1024),
        latentDim: z.number().int().min(2).max(64),
        lr: z.number().gt(0).max(1),
        batchSize: z.number().int().min(8).max(1024),
        /** VAE training steps. */
        steps: z.number().int().min(1).max(100_000),
      })
      .strict(),
    sampler: z
      .object({
        samples: z.number().int().min(4).max(5000),
        langevinSteps: z.number().int().min(0).max(2000),
        langevinStep: z.number().gt(0).max(1),
        /** Rejection gives up after this many proposals. */
        maxProposals: z.number().int().min(1).max(10_000_000),
        /** Feasible test digits the MMD compares the samples with. */
        reference: z.number().int().min(2).max(5000),
      })
      .strict(),
  })
  .strict();

export type ConstraintsMnistConfig = z.infer<typeof constraintsMnistConfigSchema>;

export const defaultConstraintsMnistConfig: ConstraintsMnistConfig = {
  version: 1,
  kind: 'constraintsMnist',
  seed: 1,
  data: { dataset: 'mnist', trainSubset: 0 },
  // t = 0.11 keeps 32 % of the 10,000 test digits (0.10: 24 %, 0.12: 41 %).
  constraint: { inkMax: 0.11, weight: 1000 },
  model: { hidden: 256, latentDim: 8, lr: 1e-3, batchSize: 128, steps: 300 },
  sampler: { samples: 500, langevinSteps: 50, langevinStep: 0.01, maxProposals: 20_000, reference: 500 },
};
