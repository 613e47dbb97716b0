import type { Grid } from '../core/theory/grid';

/**
 * The "Inference theory" tab's questions to a running VAE with a 2-D latent (issue 10 items 1, 2, 6, 7),
 * carried by the engine's generic `query` message and answered in the worker (engine/theoryQueries.ts)
 * in chunks, so the page never computes a 40,000-point grid itself. Types only.
 */
export type InpaintRegion = 'top' | 'bottom' | 'left' | 'right';

export type TheoryQuery =
  /**
   * Exact posterior, log p(x), ELBO and KL of test digit `index` on an n x n grid; IWAE k = 1..500
   * (each averaged over `repeats` draws; default 200 / 100 / 40 / 20).
   */
  | { type: 'theoryExact'; index: number; n?: number; repeats?: number }
  /** Encoder-gradient variance of the three estimators over `draws` draws on a test minibatch. */
  | { type: 'theoryGradVar'; batch: number; draws: number; seed: number }
  /** Refine q of each test digit in `indices` by gradient ascent on its own ELBO (`steps` steps). */
  | { type: 'theoryAmortize'; indices: number[]; steps: number }
  /** Hide `region` of test digit `index` and fill it from the encoder and by optimizing q. */
  | { type: 'theoryInpaint'; index: number; region: InpaintRegion; steps: number }
  /** Noise mixture and memorizer vs the model on the first `digits` test digits (K importance samples). */
  | { type: 'theoryLikelihood'; digits: number; samples: number; seed: number };

export const isTheoryQuery = (q: { type: string }): q is TheoryQuery => q.type.startsWith('theory');

export interface IwaePoint {
  k: number;
  /** Mean and standard error of `repeats` independent one-draw estimates of L_k. */
  mean: number;
  se: number;
  repeats: number;
}

export interface ExactAnswer {
  step: number;
  index: number;
  label: number;
  /** The digit as the likelihood sees it, 784 bytes. */
  image: Uint8ClampedArray;
  mu: [number, number];
  logVar: [number, number];
  logPx: number;
  elbo: number;
  kl: number;
  fine: Grid;
  /** log p(z|x) on the fine grid, n * n (k = j * n + i). */
  logPost: Float32Array;
  massOutsideFine: number;
  edgeMass: number;
  logPxCoarse: number;
  qMass: number;
  evaluations: number;
  iwae: IwaePoint[];
}

export interface GradVarPoint {
  draw: number;
  /** log10 of the total variance (trace of the covariance) of the encoder gradient so far. */
  reparam: number;
  score: number;
  scoreBaseline: number;
}

export interface GradVarAnswer {
  step: number;
  batch: number;
  draws: number;
  /** Encoder parameters the gradient has. */
  params: number;
  curve: GradVarPoint[];
  variance: { reparam: number; score: number; scoreBaseline: number };
  /** Cosine between each score estimator's mean gradient and the reparameterization's mean gradient. */
  cosine: { score: number; scoreBaseline: number };
}

export interface AmortizeAnswer {
  step: number;
  indices: number[];
  /** Quadrature ELBO of the encoder's q and of the refined q, per digit. */
  start: Float32Array;
  final: Float32Array;
  /** The first digit's ELBO after each step. */
  history: number[];
}

export interface InpaintAnswer {
  step: number;
  index: number;
  region: InpaintRegion;
  original: Uint8ClampedArray;
  /** 1 where observed, 0 where hidden. */
  mask: Uint8Array;
  /** Decoded means: from the encoder's q of the masked image, and from q refined on the observed pixels. */
  encoderFill: Uint8ClampedArray;
  refinedFill: Uint8ClampedArray;
  /** ELBO of the observed pixels only, before and after refinement. */
  elboObservedEncoder: number;
  elboObservedRefined: number;
  /** Mean squared error of the fill on the hidden pixels (against the true digit). */
  hiddenMseEncoder: number;
  hiddenMseRefined: number;
}

export interface LikelihoodAnswer {
  step: number;
  digits: number;
  samples: number;
  /** Mean test log-likelihoods, nats per digit. */
  model: number;
  noise: number;
  mixture: number;
  /** Mean and largest per-digit drop, model - mixture. */
  meanDrop: number;
  maxDrop: number;
  /** Fraction of 10,000 mixture draws that came from the noise component. */
  noiseFraction: number;
  /** 24 mixture samples (bytes) and whether each is noise. */
  mixSamples: Uint8ClampedArray;
  mixIsNoise: boolean[];
  /** 8 samples of the model component alone (what the 1 % look like). */
  modelSamples: Uint8ClampedArray;
  /** The memorizer: its 10 templates (training digits) are its samples. */
  memorizerSamples: Uint8ClampedArray;
  memorizerEpsilon: number;
  memorizerTest: number;
  memorizerTrain: number;
}
