import type { MixtureData } from '../core/vae/priors';

/**
 * What the VAE trainer's diagnostic panels show, computed by the engine about once a second on a fixed
 * batch of test digits (plain arrays: views never hold tensors). Types only: the page imports this
 * without tfjs.
 */
export interface VaeDiagnostics {
  /** Test digits in the batch. */
  n: number;
  dim: number;
  /** Mean over the batch of each latent dimension's KL (nats). */
  klPerDim: Float64Array;
  /**
   * 'closed-form': KL(q(z_j|x) || p(z_j)), summing to the total KL (factorized Gaussian priors).
   * 'marginal-mc': KL to the prior's marginal along j by Monte Carlo (mixture priors); these do not
   * add up to the total KL.
   */
  klMethod: 'closed-form' | 'marginal-mc';
  /** Var over the batch of E_q[z_j | x] = mu_j: dimension j is active when this exceeds 0.01. */
  muVariance: Float64Array;
  activeUnits: number;
  /** The batch's posterior parameters (n x dim each) and labels, for the aggregated posterior. */
  mu: Float32Array;
  logVar: Float32Array;
  labels: Uint8Array;
  /** The prior as a mixture of diagonal Gaussians. */
  prior: MixtureData;
}

/** An image batch as bytes (same shape as experiment.ts's ImageBatch). */
interface Images {
  count: number;
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
}

/** What a VAE-family snapshot adds to the classic one. */
export interface VaeSnapshotExtras {
  diagnostics: VaeDiagnostics;
  /**
   * Conditional VAE: the snapshot's `samples` are a class grid, one row per class 0-9 with the same z in
   * each column (a column keeps its style), `classGridCols` wide.
   */
  classGridCols?: number;
  /**
   * Conditional VAE, style transfer: `styleSources` test digits, each encoded with its own label, then
   * decoded with every label 0-9: row r is source r, column c its code decoded as class c.
   */
  styleSources?: Images;
  styleGrid?: Images;
  /** VampPrior: the learned pseudo-inputs u_k. */
  pseudoInputs?: Images;
  /** Gaussian likelihood with a learned sigma: its current value. */
  sigma?: number;
  /** The effective beta (after warm-up) of the last step. */
  beta: number;
}
