import { z } from 'zod';

/** Placeholder for the 2-D GAN lab (issue 4); replaced by the full schema. */
export const gan2dConfigSchema = z.object({
  version: z.literal(1),
  kind: z.literal('gan2d'),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});
export type Gan2dConfig = z.infer<typeof gan2dConfigSchema>;
