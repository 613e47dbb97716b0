import type { ImageBatch } from './experiment';
import type { LossName } from '../core/gan/objectives';
import type { AaePriorName } from '../config/aae';

/** G on the fixed noise at one step: a frame of the scrubbable timeline. */
export interface TimelineFrame {
  step: number;
  /** count x 784 bytes, like the live grid. */
  pixels: Uint8ClampedArray;
}

/**
 * Generated digits handed to the MNIST classifier for the quality metrics (the page's metrics worker
 * scores them; the CLI scores them in-process). Fixed noise, so points over time compare like with like.
 */
export interface MetricBatch {
  step: number;
  count: number;
  /** count x 784 bytes. */
  pixels: Uint8ClampedArray;
  /** The noise (count x noiseDim) or, for an AAE, the prior sample behind each image. */
  z: Float32Array;
  dim: number;
}

/** What the image GAN tab draws. Plain data; typed arrays sit at the top level or in ImageBatch. */
export type ImageGanSnapshot = {
  kind: 'imageGan';
  step: number;
  loss: LossName;
  arch: 'mlp' | 'dcgan';
  conditional: boolean;
  noiseDim: number;
  /** G on fixed noise: 8 x 8, or for a conditional GAN 10 rows (digits 0-9) x 10 noise columns. */
  grid: ImageBatch;
  gridCols: number;
  /** The grid's noise, row-major (grid.count x noiseDim), and its labels (-1: unconditional). */
  gridZ: Float32Array;
  gridLabels: Int8Array;
  /** Timeline frames made since the last snapshot. */
  frames: TimelineFrame[];
  metricBatch: MetricBatch | null;
};

export type AaeSnapshot = {
  kind: 'aae';
  step: number;
  prior: AaePriorName;
  latentDim: number;
  /** Fixed test digits and their reconstructions Dec(E(x)). */
  originals: ImageBatch;
  recons: ImageBatch;
  /** Dec(z) for fixed prior samples z. */
  samples: ImageBatch;
  /** E(x) for the first test digits (count x latentDim) and their labels. */
  codes: Float32Array;
  codeLabels: Uint8Array;
  /** Fixed samples of the prior (count x latentDim) and the part each came from. */
  priorZ: Float32Array;
  priorParts: Uint8Array;
  /** The decoder's weights for the page's JS decoder: [W0, b0, W1, b1, ...], and layer sizes. */
  decoder: { sizes: number[]; values: Float32Array[] } | null;
  metricBatch: MetricBatch | null;
};
