import * as tf from '@tensorflow/tfjs';
import { bernoulliLogLikFromLogits } from '../bernoulli';
import { dense, initDense, type DenseParams } from '../dense';
import { activate } from '../gan/mlp';
import { dLoss, gLoss, gradientPenalty, outputIsLogit } from '../gan/objectives';
import { makeOptimizer, setLearningRate, type ObjectiveSettings, type OptimizerSpec } from '../gan/trainer';

/**
 * Adversarial autoencoder (Makhzani et al. 2016; lecture 004):
 *   min_{E, Dec} E_x[ -log p(x | Dec(E(x))) ]          reconstruction (Bernoulli, nats per image)
 *   + the GAN game between D and E on codes:          D tells prior samples z ~ p(z) ("real") from
 *                                                     encodings E(x) ("fake"); E learns to fool it.
 * E is deterministic: z = E(x). Any GAN objective of the 2-D lab can play the game.
 */
export interface AaeArch {
  latentDim: number;
  encoderHidden: number[];
  decoderHidden: number[];
  discriminatorHidden: number[];
  /** D also sees a one-hot label next to each code. */
  labelledD: boolean;
}

let instances = 0;

function mlp(sizes: number[], seed: number, name: string): DenseParams[] {
  return sizes.slice(1).map((out, i) => initDense(sizes[i]!, out, seed + 2 * i, `${name}/dense${i}`));
}

function run(
  layers: DenseParams[],
  x: tf.Tensor2D,
  act: (h: tf.Tensor2D) => tf.Tensor2D,
  inputIsData = false,
) {
  let h = x;
  layers.forEach((p, i) => {
    h = dense(h, p, inputIsData && i === 0);
    if (i + 1 < layers.length) h = act(h);
  });
  return h;
}

const vars = (ls: DenseParams[]) => ls.flatMap((p) => [p.W, p.b]);

export interface AaeStepOut {
  recon: tf.Scalar;
  dLoss: tf.Scalar;
  gLoss: tf.Scalar;
  /** Mean D output on prior samples and on codes (probabilities for logit losses). */
  dReal: tf.Scalar;
  dFake: tf.Scalar;
}

export class Aae {
  readonly enc: DenseParams[];
  readonly dec: DenseParams[];
  readonly disc: DenseParams[];
  optAE: tf.Optimizer;
  optG: tf.Optimizer;
  optD: tf.Optimizer;

  constructor(
    readonly arch: AaeArch,
    opts: { ae: OptimizerSpec; g: OptimizerSpec; d: OptimizerSpec },
    seed: number,
  ) {
    const id = `aae${++instances}`;
    const d = arch.latentDim;
    this.enc = mlp([784, ...arch.encoderHidden, d], seed, `${id}/encoder`);
    this.dec = mlp([d, ...arch.decoderHidden, 784], seed + 100, `${id}/decoder`);
    this.disc = mlp(
      [d + (arch.labelledD ? 10 : 0), ...arch.discriminatorHidden, 1],
      seed + 200,
      `${id}/critic`,
    );
    this.optAE = makeOptimizer(opts.ae);
    this.optG = makeOptimizer(opts.g);
    this.optD = makeOptimizer(opts.d);
  }

  /** Codes z = E(x) [n, d] for images [n, 784] in [0, 1]. */
  encode(x: tf.Tensor2D): tf.Tensor2D {
    return run(this.enc, x, (h) => tf.relu(h), true);
  }

  decodeLogits(z: tf.Tensor2D): tf.Tensor2D {
    return run(this.dec, z, (h) => tf.relu(h));
  }

  /** Pixel means sigmoid(Dec(z)) in [0, 1]. */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decodeLogits(z)));
  }

  /** D's raw output on codes (with one-hot labels when D is labelled). */
  critic(z: tf.Tensor2D, labels: tf.Tensor2D | null): tf.Tensor2D {
    const input = this.arch.labelledD ? tf.concat([z, labels!], 1) : z;
    return run(this.disc, input, (h) => activate(h, 'leakyRelu'));
  }

  /** Reconstruction loss per image, nats: -log p(x | Dec(E(x))), averaged over the batch. */
  reconLoss(x: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => tf.neg(tf.mean(bernoulliLogLikFromLogits(x, this.decodeLogits(this.encode(x))))));
  }

  /** One reconstruction update of encoder and decoder. */
  reconStep(x: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() =>
      this.optAE.minimize(() => this.reconLoss(x), true, [...vars(this.enc), ...vars(this.dec)])!,
    );
  }

  /** D's loss (and mean outputs) for prior samples vs codes; updates D when `apply`. */
  dStep(
    o: ObjectiveSettings,
    prior: tf.Tensor2D,
    codes: tf.Tensor2D,
    labels: tf.Tensor2D | null,
    eps: tf.Tensor2D | null,
    apply = true,
  ): { loss: tf.Scalar; real: tf.Scalar; fake: tf.Scalar } {
    return tf.tidy(() => {
      let kept: tf.Scalar[] = [];
      const f = () => {
        const r = this.critic(prior, labels);
        const fk = this.critic(codes, labels);
        let loss = dLoss(o.loss, r, fk, o.fDivergence);
        if (o.loss === 'wganGp' && eps && o.gpLambda > 0)
          loss = tf.add(
            loss,
            tf.mul(
              o.gpLambda,
              gradientPenalty((z) => this.critic(z, labels), prior, codes, eps),
            ),
          );
        const squash = (t: tf.Tensor) => (outputIsLogit(o.loss) ? tf.sigmoid(t) : t);
        kept = [tf.keep(tf.mean(squash(r))), tf.keep(tf.mean(squash(fk)))];
        return loss as tf.Scalar;
      };
      let loss: tf.Scalar;
      if (apply) {
        const { value, grads } = tf.variableGrads(f, vars(this.disc));
        this.optD.applyGradients(grads);
        if (o.loss === 'wgan') for (const v of vars(this.disc)) v.assign(tf.clipByValue(v, -o.clip, o.clip));
        loss = value;
      } else loss = f();
      const [real, fake] = kept.map((t) => tf.clone(t)) as [tf.Scalar, tf.Scalar];
      tf.dispose(kept);
      return { loss, real, fake };
    });
  }

  /** The encoder's adversarial update: make D take E(x) for a prior sample. */
  gStep(o: ObjectiveSettings, x: tf.Tensor2D, labels: tf.Tensor2D | null): tf.Scalar {
    return tf.tidy(() =>
      this.optG.minimize(
        () => gLoss(o.loss, this.critic(this.encode(x), labels), o.fDivergence),
        true,
        vars(this.enc),
      )!,
    );
  }

  setLearningRates(ae: number, g: number, d: number): void {
    setLearningRate(this.optAE, ae);
    setLearningRate(this.optG, g);
    setLearningRate(this.optD, d);
  }

  setOptimizer(which: 'ae' | 'g' | 'd', spec: OptimizerSpec): void {
    const o = makeOptimizer(spec);
    if (which === 'ae') {
      this.optAE.dispose();
      this.optAE = o;
    } else if (which === 'g') {
      this.optG.dispose();
      this.optG = o;
    } else {
      this.optD.dispose();
      this.optD = o;
    }
  }

  /** The variables each optimizer updates, in the order its gradients come (its slots follow it). */
  optimizerVariables(): { ae: tf.Variable[]; g: tf.Variable[]; d: tf.Variable[] } {
    return { ae: [...vars(this.enc), ...vars(this.dec)], g: vars(this.enc), d: vars(this.disc) };
  }

  /** The decoder's weights as plain arrays, hidden layers then output (for the page's JS decoder). */
  decoderVariables(): tf.Variable[] {
    return vars(this.dec);
  }

  dispose(): void {
    tf.dispose([...vars(this.enc), ...vars(this.dec), ...vars(this.disc)]);
    this.optAE.dispose();
    this.optG.dispose();
    this.optD.dispose();
  }
}
