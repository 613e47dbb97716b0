import * as tf from '@tensorflow/tfjs';
import { conv2dLayer, convTranspose2dLayer, initConv, type ConvParams } from '../conv';
import { denseAct, initDense, type DenseParams } from '../dense';

/**
 * The VAE's encoder and decoder bodies: MLPs (pytorch/examples' 784-400-20) or a small convolutional
 * pair. A conditional VAE's label c (one-hot, [n, 10]) is appended to the encoder's features before its
 * dense layers and to z before the decoder. Convolutions: 4x4 kernels, stride 2, padding 1
 * (28 -> 14 -> 7 pixels), and the decoder mirrors them with transposed convolutions (7 -> 14 -> 28).
 */
export interface NetworkArch {
  architecture: 'mlp' | 'conv';
  encoderHidden: number[];
  decoderHidden: number[];
  convChannels: number[];
  latentDim: number;
  /** Size of the condition vector c (10 for a CVAE, 0 otherwise). */
  conditionDim: number;
  /** Decoder outputs per pixel (the likelihood's parameters). */
  outputsPerPixel: number;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const KERNEL = 4;

type Seeder = () => number;

function mlp(sizes: number[], seed: Seeder, name: string): DenseParams[] {
  const layers: DenseParams[] = [];
  for (let i = 1; i < sizes.length; i++)
    layers.push(initDense(sizes[i - 1]!, sizes[i]!, seed(), `${name}${i - 1}`));
  return layers;
}

function withCondition(h: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
  return c ? tf.concat([h, c], 1) : h;
}

/** x [n, 784] (+ c) -> features [n, last hidden], then heads mu and logVar (the model adds them). */
export class Encoder {
  readonly convs: ConvParams[];
  readonly dense: DenseParams[];
  readonly mu: DenseParams;
  readonly logVar: DenseParams;

  /** `prefix`: prepended to the tfjs variable names (they must be unique while models coexist). */
  constructor(
    readonly arch: NetworkArch,
    seed: Seeder,
    prefix = '',
  ) {
    const conv = arch.architecture === 'conv';
    const [c1, c2] = arch.convChannels as [number, number];
    this.convs = conv
      ? [
          initConv(KERNEL, 1, c1, seed(), `${prefix}encoder/conv0`),
          initConv(KERNEL, c1, c2, seed(), `${prefix}encoder/conv1`),
        ]
      : [];
    const flat = conv ? 7 * 7 * c2 : PIXELS;
    this.dense = mlp([flat + arch.conditionDim, ...arch.encoderHidden], seed, `${prefix}encoder/dense`);
    const h = arch.encoderHidden[arch.encoderHidden.length - 1]!;
    this.mu = initDense(h, arch.latentDim, seed(), `${prefix}encoder/mu`);
    this.logVar = initDense(h, arch.latentDim, seed(), `${prefix}encoder/logvar`);
  }

  /** The last hidden layer's activations. */
  features(x: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
    return tf.tidy(() => {
      const n = x.shape[0];
      let h: tf.Tensor2D = x;
      if (this.convs.length) {
        let img = tf.reshape(x, [n, SIDE, SIDE, 1]) as tf.Tensor4D;
        this.convs.forEach((p, i) => (img = tf.relu(conv2dLayer(img, p, 2, 1, i === 0))));
        h = tf.reshape(img, [n, -1]);
      }
      h = withCondition(h, c);
      // The first dense layer's input is data (no gradient needed) only for an MLP.
      this.dense.forEach((p, i) => (h = denseAct(h, p, true, i === 0 && this.convs.length === 0)));
      return h;
    });
  }

  variables(): tf.Variable[] {
    return [...this.convs, ...this.dense, this.mu, this.logVar].flatMap((p) => [p.W, p.b]);
  }
}

/** z [n, d] (+ c) -> decoder output [n, 784 * outputsPerPixel], pixel-major. */
export class Decoder {
  readonly dense: DenseParams[];
  /** Conv only: the dense layer to 7 x 7 x c2, then the transposed convolutions. */
  readonly toGrid: DenseParams | null;
  readonly deconvs: ConvParams[];
  readonly out: DenseParams | null;

  /** `prefix`: prepended to the tfjs variable names (they must be unique while models coexist). */
  constructor(
    readonly arch: NetworkArch,
    seed: Seeder,
    prefix = '',
  ) {
    const P = arch.outputsPerPixel;
    this.dense = mlp(
      [arch.latentDim + arch.conditionDim, ...arch.decoderHidden],
      seed,
      `${prefix}decoder/dense`,
    );
    const h = arch.decoderHidden[arch.decoderHidden.length - 1]!;
    if (arch.architecture === 'conv') {
      const [c1, c2] = arch.convChannels as [number, number];
      this.toGrid = initDense(h, 7 * 7 * c2, seed(), `${prefix}decoder/grid`);
      this.deconvs = [
        initConv(KERNEL, c2, c1, seed(), `${prefix}decoder/deconv0`, true),
        initConv(KERNEL, c1, P, seed(), `${prefix}decoder/deconv1`, true),
      ];
      this.out = null;
    } else {
      this.toGrid = null;
      this.deconvs = [];
      this.out = initDense(h, PIXELS * P, seed(), `${prefix}decoder/out`);
    }
  }

  forward(z: tf.Tensor2D, c: tf.Tensor2D | null): tf.Tensor2D {
    return tf.tidy(() => {
      const n = z.shape[0];
      let h = withCondition(z, c);
      for (const p of this.dense) h = denseAct(h, p, true);
      if (this.out) return denseAct(h, this.out, false);
      const c2 = this.arch.convChannels[1]!;
      let img = tf.reshape(denseAct(h, this.toGrid!, true), [n, 7, 7, c2]) as tf.Tensor4D;
      img = tf.relu(convTranspose2dLayer(img, this.deconvs[0]!, 2, 1));
      img = convTranspose2dLayer(img, this.deconvs[1]!, 2, 1);
      return tf.reshape(img, [n, PIXELS * this.arch.outputsPerPixel]);
    });
  }

  variables(): tf.Variable[] {
    const layers = [...this.dense, ...(this.toGrid ? [this.toGrid] : []), ...this.deconvs];
    if (this.out) layers.push(this.out);
    return layers.flatMap((p) => [p.W, p.b]);
  }
}
