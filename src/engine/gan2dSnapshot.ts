import type { DatasetName, Extent } from '../core/gan/datasets';
import type { LossName } from '../core/gan/objectives';
import type { Phase } from './gan2dParams';

export interface ModeSummary {
  captured: number;
  total: number;
  hqFraction: number;
  /** KL(histogram of HQ samples over modes || uniform), nats; null when no sample is high quality. */
  klUniform: number | null;
  /** High-quality samples per mode, in the order of the mixture's centres. */
  counts: number[];
  /** Samples the summary was computed from (2,500). */
  samples: number;
}

/**
 * What the GAN lab draws, as plain data (views never hold tensors). Points are interleaved x, y.
 * Grids are gridSize x gridSize cells over `extent` on both axes, stored row by row with row 0 at
 * the lowest y. Typed arrays sit at the top level so the runner transfers them instead of copying.
 */
export type Gan2dSnapshot = {
  kind: 'gan2d';
  step: number;
  dataset: DatasetName;
  loss: LossName;
  phase: Phase;
  extent: Extent;
  /** Real samples (fixed set, so they do not flicker). */
  real: Float32Array;
  /** G on fixed noise: the same z's every snapshot, so points move smoothly and trails make sense. */
  fake: Float32Array;
  /** Descent direction of G's loss at the first arrows.length / 2 fakes: where G pushes each sample. */
  arrows: Float32Array;
  gridSize: number;
  /** D at cell centres: probability for logit losses, raw score (critic value) otherwise. */
  dGrid: Float32Array;
  dIsProbability: boolean;
  /** Optimal discriminator p_data / (p_data + p_g), p_g a KDE of the fakes. */
  dStar: Float32Array;
  /** G on a manifoldSize x manifoldSize lattice over the first two noise dims (others 0), row by row. */
  manifold: Float32Array;
  manifoldSize: number;
  /** Mode coverage of the fakes (VEEGAN / PacGAN rule); null for data without known modes. */
  modes: ModeSummary | null;
  /** Jensen-Shannon divergence between real and fake histograms (50 x 50 grid), in nats. */
  js: number;
};
