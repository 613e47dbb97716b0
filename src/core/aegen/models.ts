import * as tf from '@tensorflow/tfjs';
import { classicVaeConfig } from '../../config/vae';
import { bernoulliLogLikFromLogits } from '../bernoulli';
import { elboTerms } from '../vae/objective';
import { Vae } from '../vae/vae';
import { Decoder, Encoder, type NetworkArch } from '../vae/networks';
import { categoricalKlUniform, groupOneHot, gumbelSoftmax } from '../discrete/gumbel';

/**
 * The small models of the "autoencoders are not generative" and "discrete latents" demos. All share the
 * VAE's MLP encoder/decoder bodies (../vae/networks: 784 - hidden - code, code - hidden - 784) and its
 * Bernoulli likelihood on grey levels, so their losses are in the same nats per image.
 */
function arch(hidden: number, codeDim: number): NetworkArch {
  return {
    architecture: 'mlp',
    encoderHidden: [hidden],
    decoderHidden: [hidden],
    convChannels: [16, 32],
    latentDim: codeDim,
    conditionDim: 0,
    outputsPerPixel: 1,
  };
}

/** tfjs variable names must be unique while models coexist: each model gets its own prefix. */
let models = 0;
function prefix(kind: string): string {
  return `aepca/${kind}${++models}/`;
}

function seeder(seed: number): () => number {
  let s = seed;
  return () => (s += 2);
}

export interface TrainableModel {
  /** One Adam step on x [n, 784]; `u` a fresh uniform [0, 1) tensor of the model's noise shape. Returns the batch loss. */
  step(x: tf.Tensor2D, noise: tf.Tensor2D, lrScale: number): tf.Scalar;
  /** Mean image at codes z, [n, 784] in [0, 1]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

abstract class Adam {
  protected readonly opt: tf.AdamOptimizer;
  constructor(protected readonly lr: number) {
    this.opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  }
  protected minimize(f: () => tf.Scalar, vars: tf.Variable[], lrScale: number): tf.Scalar {
    (this.opt as unknown as { learningRate: number }).learningRate = this.lr * lrScale;
    return this.opt.minimize(f, true, vars)!;
  }
}

/**
 * A deterministic autoencoder x -> z = E(x) -> sigmoid(D(z)) trained on the Bernoulli reconstruction
 * loss. With noiseSigma > 0 it is a denoising autoencoder: the encoder sees x + sigma * eps, the loss
 * compares with the clean x.
 */
export class Autoencoder extends Adam implements TrainableModel {
  readonly encoder: Encoder;
  readonly decoder: Decoder;

  constructor(
    hidden: number,
    readonly d: number,
    readonly noiseSigma: number,
    seed: number,
    lr: number,
  ) {
    super(lr);
    const next = seeder(seed);
    const p = prefix(noiseSigma > 0 ? 'dae' : 'ae');
    this.encoder = new Encoder(arch(hidden, d), next, p);
    this.decoder = new Decoder(arch(hidden, d), next, p);
  }

  encode(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const h = this.encoder.features(x, null);
      return tf.add(tf.matMul(h, this.encoder.mu.W), this.encoder.mu.b) as tf.Tensor2D;
    });
  }

  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decoder.forward(z, null)));
  }

  /** -log p(x | x_hat) per example (Bernoulli on grey levels), on clean inputs. */
  reconLoss(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(
      () => tf.neg(bernoulliLogLikFromLogits(x, this.decoder.forward(this.encode(x), null))) as tf.Tensor1D,
    );
  }

  /** `noise`: standard normal [n, 784] (used only when denoising). */
  step(x: tf.Tensor2D, noise: tf.Tensor2D, lrScale: number): tf.Scalar {
    const vars = [...this.encoder.variables(), ...this.decoder.variables()].filter(
      (v) => !v.name.includes('logvar'),
    );
    return this.minimize(
      () => {
        const input = this.noiseSigma > 0 ? tf.add(x, tf.mul(noise, this.noiseSigma)) : x;
        const logits = this.decoder.forward(this.encode(input as tf.Tensor2D), null);
        return tf.neg(tf.mean(bernoulliLogLikFromLogits(x, logits))) as tf.Scalar;
      },
      vars,
      lrScale,
    );
  }

  dispose(): void {
    for (const v of [...this.encoder.variables(), ...this.decoder.variables()]) v.dispose();
    this.opt.dispose();
  }
}

/** The lab's own Gaussian VAE (../vae/vae) at this demo's size: MLP, Bernoulli likelihood, N(0, I) prior. */
export class GaussianVae extends Adam implements TrainableModel {
  readonly vae: Vae;

  constructor(hidden: number, d: number, seed: number, lr: number) {
    super(lr);
    this.vae = new Vae(
      { ...classicVaeConfig.model, encoderHidden: [hidden], decoderHidden: [hidden], latentDim: d },
      seed,
    );
  }

  /** `noise`: standard normal [n, d] (the reparameterisation's eps). */
  step(x: tf.Tensor2D, noise: tf.Tensor2D, lrScale: number): tf.Scalar {
    return this.minimize(
      () => tf.neg(tf.mean(elboTerms(this.vae, x, null, noise).elbo)) as tf.Scalar,
      this.vae.variables(),
      lrScale,
    );
  }

  /** Per-example one-sample ELBO (nats). */
  elbo(x: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => elboTerms(this.vae, x, null, eps).elbo);
  }

  encodeMean(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.vae.encode(x).mu);
  }

  decode(z: tf.Tensor2D): tf.Tensor2D {
    return this.vae.decodeMean(z);
  }

  dispose(): void {
    this.vae.dispose();
    this.opt.dispose();
  }
}

/**
 * A VAE with N categorical latents of K categories (lecture 003): q(c_i|x) = Categorical(softmax(logits_i)),
 * uniform prior, decoder on the concatenated one-hot codes [n, N * K]. Trained through the Gumbel-softmax
 * relaxation at temperature tau (or straight-through: hard one-hot forward, relaxed gradient); the KL to the
 * uniform prior is exact.
 */
export class CategoricalVae extends Adam implements TrainableModel {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  tau = 1;

  constructor(
    hidden: number,
    readonly N: number,
    readonly K: number,
    readonly straightThrough: boolean,
    seed: number,
    lr: number,
  ) {
    super(lr);
    const next = seeder(seed);
    const p = prefix('categorical');
    this.encoder = new Encoder(arch(hidden, N * K), next, p);
    this.decoder = new Decoder(arch(hidden, N * K), next, p);
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const h = this.encoder.features(x, null);
      return tf.add(tf.matMul(h, this.encoder.mu.W), this.encoder.mu.b) as tf.Tensor2D;
    });
  }

  /** The relaxed objective's terms per example: recon -log p(x|y) at the (relaxed or ST) sample y, exact KL. */
  terms(x: tf.Tensor2D, u: tf.Tensor2D, hardEval = false): { recon: tf.Tensor1D; kl: tf.Tensor1D } {
    return tf.tidy(() => {
      const l = this.logits(x);
      // Evaluation: an exact discrete sample (argmax of logits + Gumbel noise), so recon + KL is a true
      // one-sample estimate of the discrete model's negative ELBO.
      const y = hardEval
        ? groupOneHot(
            tf.add(l, tf.neg(tf.log(tf.neg(tf.log(tf.clipByValue(u, 1e-10, 1 - 1e-10)))))) as tf.Tensor2D,
            this.K,
          )
        : gumbelSoftmax(l, u, this.tau, this.K, this.straightThrough);
      const recon = tf.neg(bernoulliLogLikFromLogits(x, this.decoder.forward(y, null))) as tf.Tensor1D;
      return { recon, kl: categoricalKlUniform(l, this.K) };
    });
  }

  /** `noise`: uniforms [n, N * K] for the Gumbel noise. */
  step(x: tf.Tensor2D, noise: tf.Tensor2D, lrScale: number): tf.Scalar {
    const vars = [...this.encoder.variables(), ...this.decoder.variables()].filter(
      (v) => !v.name.includes('logvar'),
    );
    return this.minimize(
      () => {
        const t = this.terms(x, noise);
        return tf.mean(tf.add(t.recon, t.kl)) as tf.Scalar;
      },
      vars,
      lrScale,
    );
  }

  decode(y: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decoder.forward(y, null)));
  }

  dispose(): void {
    for (const v of [...this.encoder.variables(), ...this.decoder.variables()]) v.dispose();
    this.opt.dispose();
  }
}
