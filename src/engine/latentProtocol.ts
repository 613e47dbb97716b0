import type { DecoderWeights } from '../core/latent/jsDecoder';

/**
 * The latent explorer's questions to a running VAE and their answers, carried by the engine's generic
 * `query` message (see Experiment.query). Types only: the main thread imports this without tfjs.
 * Every answer says at which training step it was computed; arrays travel as transferables.
 */
export type VaeQuery =
  /**
   * Decoder means of n latent vectors (n x latentDim) as bytes. `label` (0-9): the class a conditional
   * VAE decodes them as (default 0, 1, ..., 9 in turn); ignored by unconditional models.
   */
  | { type: 'decode'; z: Float32Array; n: number; label?: number }
  /** q(z|x[, label]) of n images (n x 784, values 0..1). */
  | { type: 'encode'; images: Float32Array; n: number; label?: number }
  /**
   * Per-example ELBO of n images, averaged over `samples` reparameterised draws (default 1); a
   * conditional VAE's class for all (`label`) or each (`labels`).
   */
  | { type: 'elbo'; images: Float32Array; n: number; samples?: number; label?: number; labels?: number[] }
  /**
   * One chunk of the importance-sampled log p(x) of test digits `indices`: log sum_s w_s over `samples`
   * samples each (core/vae/logPx.ts), eps drawn with `seed`.
   */
  | { type: 'logPxChunk'; indices: number[]; samples: number; seed: number }
  /** Posterior means of the test set (the scatter), optionally log-variances and per-example ELBOs. */
  | { type: 'testEncodings'; withLogVar?: boolean; withElbo?: boolean; samples?: number }
  /** Mean posterior mean per digit class over the test set (latent arithmetic). */
  | { type: 'classMeans' }
  /** The decoder's weights, for the main thread's pure-JS decoder (slider dragging). */
  | { type: 'decoderWeights' }
  /** Test images by index (a clicked scatter point), as bytes, with labels. */
  | { type: 'testImages'; indices: number[] };

export type VaeQueryType = VaeQuery['type'];

export interface DecodeAnswer {
  step: number;
  n: number;
  width: number;
  height: number;
  /** n x width x height bytes, row-major. */
  pixels: Uint8ClampedArray;
}

export interface EncodeAnswer {
  step: number;
  n: number;
  dim: number;
  /** n x dim each. */
  mu: Float32Array;
  logVar: Float32Array;
}

export interface ElboAnswer {
  step: number;
  n: number;
  samples: number;
  /** Per example, in nats: ELBO = -recon - kl. */
  elbo: Float32Array;
  /** -log p(x|z), the reconstruction term as a loss. */
  recon: Float32Array;
  kl: Float32Array;
}

export interface TestEncodingsAnswer {
  /** Step when the pass began and ended (training may run between chunks). */
  step: number;
  stepEnd: number;
  n: number;
  dim: number;
  mu: Float32Array;
  logVar?: Float32Array;
  labels: Uint8Array;
  elbo?: Float32Array;
  samples?: number;
  /** Wall-clock time of the pass. */
  ms: number;
}

export interface ClassMeansAnswer {
  step: number;
  numClasses: number;
  dim: number;
  means: Float32Array;
  counts: Uint32Array;
}

export interface DecoderWeightsAnswer extends DecoderWeights {
  step: number;
  latentDim: number;
}

export interface LogPxChunkAnswer {
  step: number;
  n: number;
  samples: number;
  /** Per test digit, log sum_s w_s (nats). */
  logSum: Float32Array;
}

export interface TestImagesAnswer {
  indices: Uint32Array;
  labels: Uint8Array;
  /** indices.length x 784 bytes. */
  pixels: Uint8ClampedArray;
}

/** Answer type for each query type. */
export interface VaeAnswers {
  decode: DecodeAnswer;
  encode: EncodeAnswer;
  elbo: ElboAnswer;
  testEncodings: TestEncodingsAnswer;
  classMeans: ClassMeansAnswer;
  decoderWeights: DecoderWeightsAnswer;
  testImages: TestImagesAnswer;
  logPxChunk: LogPxChunkAnswer;
}

export type VaeAnswer<K extends VaeQueryType> = VaeAnswers[K];
