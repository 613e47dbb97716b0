import type { DatasetName, Extent } from '../core/gan/datasets';
import type { FDivergence, LossName } from '../core/gan/objectives';
import type { OptimumKind } from '../core/gan/optimum';
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
  /** Modes captured at any record of the run so far (every 100 G steps), ascending. */
  visited: number[];
}

/**
 * What the GAN lab draws, as plain data (views never hold tensors). Points are interleaved x, y.
 * Grids are gridSize x gridSize cells over `extent` on both axes, stored row by row with row 0 at
 * the lowest y. Typed arrays sit at the top level so the runner transfers them instead of copying.
 */
export type Gan2dSnapshot = {
  kind: 'gan2d';
  /** Generator updates so far. */
  step: number;
  /** Discriminator updates so far. */
  dUpdates: number;
  dataset: DatasetName;
  loss: LossName;
  fDivergence: FDivergence;
  /** PacGAN: samples D judges at once (1 = no packing). */
  pack: number;
  phase: Phase;
  fastForward: boolean;
  extent: Extent;
  /** Real samples (fixed set, so they do not flicker). */
  real: Float32Array;
  /** G on fixed noise: the same z's every snapshot, so points move smoothly and trails make sense. */
  fake: Float32Array;
  /** Descent direction of G's loss at the first arrows.length / 2 fakes: where G pushes each sample. */
  arrows: Float32Array;
  gridSize: number;
  /**
   * D at cell centres in the objective's own terms (core/gan/optimum.ts, criticValue): the probability
   * for minimax, non-saturating and JS f-GAN, T = g_f(v) for the other f-GANs, the raw output for
   * LSGAN, hinge and WGAN. With packing, D(x, ..., x).
   */
  dGrid: Float32Array;
  /** dGrid as colour coordinates: 0 "fake" (purple), 1/2 "undecided" (white), 1 "real" (green). */
  dShade: Float32Array;
  /** Which optimum the objective has: D*, T*, sign(p_data - p_g) (hinge) or none (WGAN, WGAN-GP). */
  optimum: OptimumKind;
  /** The optimum for the current G (p_g a KDE of the fakes), in dGrid's units; null for 'none'. */
  optimumGrid: Float32Array | null;
  /** optimumGrid on dShade's colour scale. */
  optimumShade: Float32Array | null;
  /** Probability mass per cell of the data (smoothed like p_g) and of the fakes (KDE). */
  pData: Float32Array;
  pG: Float32Array;
  /** G on a manifoldSize x manifoldSize lattice over the first two noise dims (others 0), row by row. */
  manifold: Float32Array;
  manifoldSize: number;
  /** Mode coverage of the fakes (VEEGAN / PacGAN rule); null for data without known modes. */
  modes: ModeSummary | null;
  /** Jensen-Shannon divergence between real and fake histograms (50 x 50 grid), in nats. */
  js: number;
};
