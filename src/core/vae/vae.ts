import * as tf from '@tensorflow/tfjs';
import type { VaeConfig } from '../../config/vae';
import { clampLogVar, diagGaussianLogDensity, reparameterize } from '../gaussian';
import { denseAct } from '../dense';
import { makeLikelihood, type Likelihood } from './likelihoods';
import { makePrior, type Prior } from './priors';
import { Decoder, Encoder, type NetworkArch } from './networks';
import { AutoregressiveDecoder, sampleAutoregressive } from './autoregressiveDecoder';

/** Classes of a conditional VAE's label (MNIST digits). */
export const NUM_CLASSES = 10;

export interface VaeArch extends NetworkArch {
  inputDim: number;
}

/** One reparameterised pass: everything the objectives need, per example (and sample). */
export interface VaePass {
  mu: tf.Tensor2D;
  logVar: tf.Tensor2D;
  /** z = mu + sigma * eps, [k * n, d] (sample-major: rows s * n ... s * n + n - 1 are sample s). */
  z: tf.Tensor2D;
  /** Decoder output at z. */
  out: tf.Tensor2D;
  /** log p(x|z), [k * n]. */
  logLik: tf.Tensor1D;
}

/**
 * A VAE of MNIST (lecture 000 eq. 5-18, lecture 002): q(z|x[, c]) = N(mu, diag exp(logVar)) from the
 * encoder, p(z) one of ./priors, p(x|z[, c]) one of ./likelihoods from the decoder. The objectives
 * (ELBO, IWAE, warm-up, free bits, psi) are in ./objective.ts; this class only computes the model.
 */
export class Vae {
  readonly arch: VaeArch;
  readonly encoder: Encoder;
  /** An MLP/conv decoder of z, or (model.decoder 'autoregressive') a MADE decoder of x_<i and z. */
  readonly decoder: Decoder | AutoregressiveDecoder;
  readonly likelihood: Likelihood;
  readonly prior: Prior;

  /** `initImages` [K, 784]: a VampPrior's first pseudo-inputs (training digits). */
  constructor(
    readonly model: VaeConfig['model'],
    seed: number,
    initImages?: () => tf.Tensor2D,
  ) {
    let s = seed;
    const next = () => (s += 2);
    this.arch = {
      inputDim: 784,
      architecture: model.architecture,
      encoderHidden: model.encoderHidden,
      decoderHidden: model.decoderHidden,
      convChannels: model.convChannels,
      latentDim: model.latentDim,
      conditionDim: model.variant === 'conditional' ? NUM_CLASSES : 0,
      outputsPerPixel: model.likelihood === 'categorical' ? model.categoricalFeatures : 1,
    };
    // Encoder then decoder layers take the seeds in the order the classic VAE always has, so a classic
    // config trains exactly as before; the likelihood's and the prior's parameters come after.
    this.encoder = new Encoder(this.arch, next);
    this.decoder =
      model.decoder === 'autoregressive'
        ? new AutoregressiveDecoder(
            model.decoderHidden[0]!,
            this.arch.latentDim + this.arch.conditionDim,
            next,
          )
        : new Decoder(this.arch, next);
    this.likelihood = makeLikelihood(model, next());
    const k = model.priorComponents;
    this.prior = makePrior(model, next(), {
      // Pseudo-input k of a conditional VAE's VampPrior carries the label k mod 10.
      encode: (u) => this.encode(u, this.conditional ? pseudoLabels(k) : null),
      init: initImages ?? (() => tf.randomUniform([k, 784], 0, 1, 'float32', next())),
    });
  }

  get conditional(): boolean {
    return this.arch.conditionDim > 0;
  }

  /** Parameters of q(z|x[, c]): mu and log-variance, [n, latentDim] each. */
  encode(x: tf.Tensor2D, c: tf.Tensor2D | null = null): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
    return tf.tidy(() => {
      const h = this.encoder.features(x, this.condition(c, x.shape[0]));
      const mu = denseAct(h, this.encoder.mu, false);
      const logVar = clampLogVar(denseAct(h, this.encoder.logVar, false));
      return { mu, logVar };
    });
  }

  get autoregressive(): boolean {
    return this.decoder instanceof AutoregressiveDecoder;
  }

  /**
   * Decoder output (the likelihood's parameters) at z, [n, 784 * outputsPerPixel]. The autoregressive
   * decoder also needs the image x [n, 784] (teacher forcing: output i sees x_<i).
   */
  decodeOutput(z: tf.Tensor2D, c: tf.Tensor2D | null = null, x: tf.Tensor2D | null = null): tf.Tensor2D {
    if (this.decoder instanceof AutoregressiveDecoder) {
      if (!x)
        throw new Error('the autoregressive decoder needs the image x (teacher forcing) to give p(x|z)');
      const dec = this.decoder;
      return tf.tidy(() => {
        const cond = this.condition(c, z.shape[0]);
        return dec.forward(x, cond ? tf.concat([z, cond], 1) : z);
      });
    }
    return this.decoder.forward(z, this.condition(c, z.shape[0]));
  }

  /**
   * E[x|z[, c]]: the mean image, pixel intensities in [0, 1]. For the autoregressive decoder the mean
   * has no closed form: the image is drawn pixel by pixel (784 sequential steps, seeded by `seed`) and
   * each pixel shows the probability it was drawn with, given the pixels drawn before it.
   */
  decodeMean(z: tf.Tensor2D, c: tf.Tensor2D | null = null, seed = 7): tf.Tensor2D {
    if (this.decoder instanceof AutoregressiveDecoder) {
      const n = z.shape[0];
      const cond = this.condition(c, n);
      const ctx = cond ? tf.concat([z, cond], 1) : z;
      const values = ctx.dataSync();
      if (ctx !== z) ctx.dispose();
      if (cond && cond !== c) cond.dispose();
      const { p } = sampleAutoregressive(this.decoder.weightsSync(), values, n, seed);
      return tf.tensor2d(p, [n, 784]);
    }
    return tf.tidy(() => this.likelihood.mean(this.decodeOutput(z, c)));
  }

  /**
   * A conditional VAE needs c. Without one (callers that know nothing of labels) it gets the labels
   * 0, 1, ..., 9, 0, 1, ... so that a batch of samples shows every class.
   */
  private condition(c: tf.Tensor2D | null, n: number): tf.Tensor2D | null {
    if (!this.conditional) return null;
    return c ?? pseudoLabels(n);
  }

  /**
   * Encode x once and decode k reparameterised samples per example: eps [k * n, d] (sample-major).
   * `x` is the likelihood's target (binarized where it binarizes); `c` the one-hot labels of a CVAE.
   */
  pass(x: tf.Tensor2D, c: tf.Tensor2D | null, eps: tf.Tensor2D): VaePass {
    return tf.tidy(() => {
      const n = x.shape[0];
      const k = eps.shape[0] / n;
      const { mu, logVar } = this.encode(x, c);
      const tile = (t: tf.Tensor2D) => (k === 1 ? t : (tf.tile(t, [k, 1]) as tf.Tensor2D));
      const z = reparameterize(tile(mu), tile(logVar), eps);
      const cc = c && k > 1 ? (tf.tile(c, [k, 1]) as tf.Tensor2D) : c;
      const xs = tile(x);
      const out = this.decodeOutput(z, cc, xs);
      const logLik = this.likelihood.logProb(xs, out);
      return { mu, logVar, z, out, logLik };
    });
  }

  /** log q(z|x) of the pass's samples, [k * n]. */
  logQ(p: VaePass): tf.Tensor1D {
    return tf.tidy(() => {
      const k = p.z.shape[0] / p.mu.shape[0];
      const tile = (t: tf.Tensor2D) => (k === 1 ? t : (tf.tile(t, [k, 1]) as tf.Tensor2D));
      return diagGaussianLogDensity(p.z, tile(p.mu), tile(p.logVar));
    });
  }

  /**
   * The importance weights' logs, log p(x|z_s) + log p(z_s) - log q(z_s|x), as [k, n]: the IWAE bound
   * and the log p(x) estimator average their exponentials.
   */
  logWeights(p: VaePass): tf.Tensor2D {
    return tf.tidy(() => {
      const n = p.mu.shape[0];
      const k = p.z.shape[0] / n;
      const lw = tf.sub(tf.add(p.logLik, this.prior.logDensity(p.z)), this.logQ(p));
      return tf.reshape(lw, [k, n]) as tf.Tensor2D;
    });
  }

  /** All trainable variables in a stable order (encoder, decoder, likelihood, prior). */
  variables(): tf.Variable[] {
    return [
      ...this.encoder.variables(),
      ...this.decoder.variables(),
      ...this.likelihood.variables(),
      ...this.prior.variables(),
    ];
  }

  dispose(): void {
    for (const v of this.encoder.variables()) v.dispose();
    if (this.decoder instanceof AutoregressiveDecoder) this.decoder.dispose();
    else for (const v of this.decoder.variables()) v.dispose();
    this.likelihood.dispose();
    this.prior.dispose();
  }
}

/** One-hot labels 0, 1, ..., 9, 0, 1, ... for n rows. */
export function pseudoLabels(n: number): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: n }, (_, i) => i % NUM_CLASSES),
            'int32',
          ),
          NUM_CLASSES,
        )
        .toFloat() as tf.Tensor2D,
  );
}

/** One-hot labels from digit classes. */
export function oneHotLabels(labels: ArrayLike<number>): tf.Tensor2D {
  return tf.tidy(
    () => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), NUM_CLASSES).toFloat() as tf.Tensor2D,
  );
}
