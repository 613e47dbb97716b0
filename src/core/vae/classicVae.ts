import * as tf from '@tensorflow/tfjs';
import { dense, initDense, type DenseParams } from '../dense';
import { klStandardNormal, reparameterize, gaussianLogLik, LOGVAR_MIN, LOGVAR_MAX } from '../gaussian';
import { bernoulliLogLikFromLogits } from '../bernoulli';
import { elbo, type ElboTerms } from '../elbo';

export interface ClassicVaeArch {
  inputDim: number;
  encoderHidden: number[];
  decoderHidden: number[];
  latentDim: number;
  likelihood: 'bernoulli' | 'gaussian';
  gaussianSigma: number;
}

/**
 * The classic VAE of Kingma & Welling with MLP encoder and decoder (as in pytorch/examples):
 *   q(z|x) = N(mu(x), diag(exp(logVar(x)))),  p(z) = N(0, I),
 *   p(x|z) = Bernoulli(sigmoid(logits(z)))  or  N(sigmoid(out(z)), sigma^2 I).
 */
export class ClassicVae {
  readonly enc: DenseParams[];
  readonly encMu: DenseParams;
  readonly encLogVar: DenseParams;
  readonly dec: DenseParams[];
  readonly decOut: DenseParams;

  constructor(
    readonly arch: ClassicVaeArch,
    seed: number,
  ) {
    let s = seed;
    const next = () => (s += 2);
    let fanIn = arch.inputDim;
    this.enc = arch.encoderHidden.map((h, i) => {
      const p = initDense(fanIn, h, next(), `encoder/dense${i}`);
      fanIn = h;
      return p;
    });
    this.encMu = initDense(fanIn, arch.latentDim, next(), 'encoder/mu');
    this.encLogVar = initDense(fanIn, arch.latentDim, next(), 'encoder/logvar');
    fanIn = arch.latentDim;
    this.dec = arch.decoderHidden.map((h, i) => {
      const p = initDense(fanIn, h, next(), `decoder/dense${i}`);
      fanIn = h;
      return p;
    });
    this.decOut = initDense(fanIn, arch.inputDim, next(), 'decoder/out');
  }

  /** Parameters of q(z|x): mu and log-variance, [batch, latentDim] each. */
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
    return tf.tidy(() => {
      let h = x;
      this.enc.forEach((p, i) => (h = tf.relu(dense(h, p, i === 0))));
      const mu = dense(h, this.encMu);
      const logVar = tf.clipByValue(dense(h, this.encLogVar), LOGVAR_MIN, LOGVAR_MAX) as tf.Tensor2D;
      return { mu, logVar };
    });
  }

  /** Decoder output before the sigmoid ("logits"), [batch, inputDim]. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = z;
      for (const p of this.dec) h = tf.relu(dense(h, p));
      return dense(h, this.decOut);
    });
  }

  /** Mean of p(x|z): pixel intensities in [0, 1]. */
  decodeMean(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decodeLogits(z)));
  }

  /** log p(x|z) per example from decoder logits. */
  logLikelihood(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
    return this.arch.likelihood === 'bernoulli'
      ? bernoulliLogLikFromLogits(x, logits)
      : gaussianLogLik(x, tf.sigmoid(logits), this.arch.gaussianSigma);
  }

  /** Single-sample ELBO terms per example, with eps ~ N(0, I) supplied by the caller. */
  elboTerms(x: tf.Tensor2D, eps: tf.Tensor2D, beta: number): ElboTerms {
    const { mu, logVar } = this.encode(x);
    const z = reparameterize(mu, logVar, eps);
    const logits = this.decodeLogits(z);
    return elbo(this.logLikelihood(x, logits), klStandardNormal(mu, logVar), beta);
  }

  /** All trainable variables, encoder first, in a stable order (used for saving). */
  variables(): tf.Variable[] {
    const layers = [...this.enc, this.encMu, this.encLogVar, ...this.dec, this.decOut];
    return layers.flatMap((p) => [p.W, p.b]);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}
