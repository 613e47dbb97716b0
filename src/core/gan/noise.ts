import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';

export type NoisePrior = 'gaussian' | 'uniform' | 'mixture';

/** A fixed mixture of Gaussian blobs as G's noise (GM-GAN, Ben-Yosef & Weinshall 2018; DeLiGAN with fixed sd). */
export interface NoiseMixture {
  /** Number of blobs, equally likely; their centres are drawn once from N(0, I) by the pair's seed. */
  components: number;
  /** Each blob's standard deviation. */
  sd: number;
}

/** G's input: its dimension and prior (the 2-D lab's and the image lab's generators alike). */
export interface NoiseSpec {
  noiseDim: number;
  prior: NoisePrior;
  /** Used with prior 'mixture'. */
  mixture?: NoiseMixture;
}

/**
 * Draws G's noise from its prior: N(0, I), U[-1, 1]^d, or a blob picked uniformly plus N(0, sd^2 I). The
 * blob centres are drawn once, from `seed`, so a saved run redraws the same ones.
 */
export class NoiseSource {
  /** Blob centres for prior 'mixture' (components x noiseDim, row-major); null otherwise. */
  readonly centres: Float32Array | null;

  constructor(
    readonly spec: NoiseSpec,
    seed: number,
  ) {
    this.centres =
      spec.prior === 'mixture' ? blobCentres(spec.mixture?.components ?? 0, spec.noiseDim, seed) : null;
  }

  /** n noise vectors; `seed` picks them. */
  sample(n: number, seed: number): tf.Tensor2D {
    const d = this.spec.noiseDim;
    if (this.centres)
      return tf.tensor2d(mixtureNoise(this.centres, d, this.spec.mixture!.sd, n, seed), [n, d]);
    return this.spec.prior === 'gaussian'
      ? tf.randomNormal([n, d], 0, 1, 'float32', seed)
      : tf.randomUniform([n, d], -1, 1, 'float32', seed);
  }
}

/** K blob centres in `dim` dimensions drawn from N(0, I) by a seeded Rng. */
function blobCentres(k: number, dim: number, seed: number): Float32Array {
  if (!(k >= 1)) throw new Error("prior 'mixture' needs mixture.components >= 1");
  const rng = new Rng(seed);
  const c = new Float32Array(k * dim);
  for (let i = 0; i < c.length; i++) c[i] = rng.normal();
  return c;
}

/** n draws from the equal-weight mixture of N(centre_j, sd^2 I), in plain JS so every backend gets the same numbers. */
function mixtureNoise(centres: Float32Array, dim: number, sd: number, n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const k = centres.length / dim;
  const z = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const j = Math.min(k - 1, Math.floor(rng.next() * k));
    for (let t = 0; t < dim; t++) z[i * dim + t] = centres[j * dim + t] + sd * rng.normal();
  }
  return z;
}
