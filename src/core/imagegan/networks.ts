import * as tf from '@tensorflow/tfjs';
import { BatchNorm, type BnMode } from '../batchNorm';
import { conv2dLayer, convTranspose2dLayer, initConv, type ConvParams } from '../conv';
import { dense, initDense, type DenseParams } from '../dense';
import { activate } from '../gan/mlp';

/**
 * The image GAN's two networks on 28 x 28 MNIST digits, as an MLP or as a DCGAN (Radford et al. 2016):
 *   G: z (+ one-hot label) -> dense -> 7x7x2C -> transposed conv 4x4/2 -> 14x14xC -> transposed conv
 *      4x4/2 -> 28x28x1 logits, ReLU inside, batch norm optional; with F = fullResChannels > 0 the last
 *      transposed conv makes 28x28xF (batch norm, ReLU) and a 3x3/1 conv (zero padding 1) draws the logits;
 *   D: image (+ ten label planes) -> conv 4x4/2 -> 14x14xC -> conv 4x4/2 -> 7x7x2C -> dense -> 1,
 *      leaky ReLU (0.2) inside, batch norm optional on the second conv (never on the first, as DCGAN).
 * G's pixels are sigmoid(logits) in [0, 1], like the data; D sees 2x - 1, centred on 0.
 * A conditional GAN (Mirza & Osindero 2014) feeds the label to both networks.
 */
export type ImageArch = 'mlp' | 'dcgan';

export interface ImageNetSpec {
  arch: ImageArch;
  conditional: boolean;
  /** MLP hidden widths, input side first. */
  mlpHidden: number[];
  /** DCGAN: channels of the 14x14 layer (the 7x7 layer has twice as many). */
  channels: number;
  batchNorm: boolean;
  /** G only, DCGAN: maps of the 28x28 layer before a 3x3 conv draws the image (0 or absent = none). */
  fullResChannels?: number;
}

export const NUM_CLASSES = 10;
export const PIXELS = 784;

let instances = 0;

interface Block {
  dense?: DenseParams;
  conv?: ConvParams;
  bn?: BatchNorm;
}

function params(blocks: Block[]): tf.Variable[] {
  return blocks.flatMap((b) => [
    ...(b.dense ? [b.dense.W, b.dense.b] : []),
    ...(b.conv ? [b.conv.W, b.conv.b] : []),
    ...(b.bn ? b.bn.trainable : []),
  ]);
}

function disposeBlocks(blocks: Block[]): void {
  for (const b of blocks) {
    tf.dispose(b.dense ? [b.dense.W, b.dense.b] : []);
    tf.dispose(b.conv ? [b.conv.W, b.conv.b] : []);
    b.bn?.dispose();
  }
}

export class ImageGenerator {
  private readonly blocks: Block[] = [];

  constructor(
    readonly spec: ImageNetSpec,
    readonly noiseDim: number,
    seed: number,
  ) {
    const id = `imageG${++instances}`;
    const inDim = noiseDim + (spec.conditional ? NUM_CLASSES : 0);
    let s = seed;
    const next = () => (s += 2);
    const bn = (c: number, i: number) => (spec.batchNorm ? new BatchNorm(c, `${id}/bn${i}`) : undefined);
    if (spec.arch === 'mlp') {
      let fan = inDim;
      spec.mlpHidden.forEach((h, i) => {
        this.blocks.push({ dense: initDense(fan, h, next(), `${id}/dense${i}`), bn: bn(h, i) });
        fan = h;
      });
      this.blocks.push({ dense: initDense(fan, PIXELS, next(), `${id}/out`) });
    } else {
      const c = spec.channels;
      this.blocks.push({ dense: initDense(inDim, 49 * 2 * c, next(), `${id}/project`), bn: bn(2 * c, 0) });
      this.blocks.push({ conv: initConv(4, 2 * c, c, next(), `${id}/up1`, true), bn: bn(c, 1) });
      const f = spec.fullResChannels ?? 0;
      if (f > 0) {
        this.blocks.push({ conv: initConv(4, c, f, next(), `${id}/up2`, true), bn: bn(f, 2) });
        this.blocks.push({ conv: initConv(3, f, 1, next(), `${id}/draw`) });
      } else this.blocks.push({ conv: initConv(4, c, 1, next(), `${id}/up2`, true) });
    }
  }

  /** Pixel logits [n, 784] for noise z [n, d] and (conditional only) one-hot labels [n, 10]. */
  logits(z: tf.Tensor2D, labels: tf.Tensor2D | null, mode: BnMode): tf.Tensor2D {
    return tf.tidy(() => {
      const input = this.spec.conditional ? tf.concat([z, labels!], 1) : z;
      const n = z.shape[0];
      const last = this.blocks.length - 1;
      if (this.spec.arch === 'mlp') {
        let h = input;
        this.blocks.forEach((b, i) => {
          h = dense(h, b.dense!);
          if (i < last) h = tf.relu(b.bn ? b.bn.apply(h, mode) : h);
        });
        return h;
      }
      const [p, up1, up2, draw] = this.blocks as [Block, Block, Block, Block | undefined];
      const c2 = p.dense!.W.shape[1]! / 49;
      let h: tf.Tensor4D = tf.reshape(dense(input, p.dense!), [n, 7, 7, c2]);
      h = tf.relu(p.bn ? p.bn.apply(h, mode) : h);
      h = convTranspose2dLayer(h, up1.conv!, 2, 1);
      h = tf.relu(up1.bn ? up1.bn.apply(h, mode) : h);
      h = convTranspose2dLayer(h, up2.conv!, 2, 1);
      if (draw) {
        h = tf.relu(up2.bn ? up2.bn.apply(h, mode) : h);
        h = conv2dLayer(h, draw.conv!, 1, 1);
      }
      return tf.reshape(h, [n, PIXELS]);
    });
  }

  /** Pixel intensities in [0, 1]. */
  generate(z: tf.Tensor2D, labels: tf.Tensor2D | null, mode: BnMode = 'eval'): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(z, labels, mode)));
  }

  /** Fold the statistics recorded by the last 'record' pass into the running averages. */
  commitStats(batch: number): void {
    const perChannel =
      this.spec.arch === 'dcgan' ? [49 * batch, 196 * batch, 784 * batch] : [batch, batch, batch, batch];
    this.blocks.forEach((b, i) => b.bn?.commit(perChannel[i] ?? batch));
  }

  get variables(): tf.Variable[] {
    return params(this.blocks);
  }

  /** Every value that defines G, running statistics included. */
  get allValues(): tf.Variable[] {
    return this.blocks.flatMap((b) => [...params([b]), ...(b.bn ? [b.bn.runMean, b.bn.runVar] : [])]);
  }

  /**
   * Move this G's values toward `src`'s: v <- decay v + (1 - decay) v_src (decay 0 copies). Used to keep
   * an exponential moving average of a trained G (same architecture).
   */
  blendFrom(src: ImageGenerator, decay: number): void {
    const mine = this.allValues;
    const theirs = src.allValues;
    tf.tidy(() => mine.forEach((v, i) => v.assign(tf.add(tf.mul(decay, v), tf.mul(1 - decay, theirs[i]!)))));
  }

  dispose(): void {
    disposeBlocks(this.blocks);
  }
}

export class ImageDiscriminator {
  private readonly blocks: Block[] = [];

  constructor(
    readonly spec: ImageNetSpec,
    seed: number,
  ) {
    const id = `imageD${++instances}`;
    let s = seed;
    const next = () => (s += 2);
    const extra = spec.conditional ? NUM_CLASSES : 0;
    if (spec.arch === 'mlp') {
      let fan = PIXELS + extra;
      spec.mlpHidden.forEach((h, i) => {
        const bn = spec.batchNorm && i > 0 ? new BatchNorm(h, `${id}/bn${i}`) : undefined;
        this.blocks.push({ dense: initDense(fan, h, next(), `${id}/dense${i}`), bn });
        fan = h;
      });
      this.blocks.push({ dense: initDense(fan, 1, next(), `${id}/out`) });
    } else {
      const c = spec.channels;
      this.blocks.push({ conv: initConv(4, 1 + extra, c, next(), `${id}/down1`) });
      const bn = spec.batchNorm ? new BatchNorm(2 * c, `${id}/bn1`) : undefined;
      this.blocks.push({ conv: initConv(4, c, 2 * c, next(), `${id}/down2`), bn });
      this.blocks.push({ dense: initDense(49 * 2 * c, 1, next(), `${id}/out`) });
    }
  }

  /**
   * D's raw output (logit or critic value) as a column, for images x [n, 784] in [0, 1].
   * `inputIsData` skips the gradient with respect to x (not wanted for G's step or WGAN-GP).
   */
  apply(x: tf.Tensor2D, labels: tf.Tensor2D | null, inputIsData = false): tf.Tensor2D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const centred = tf.sub(tf.mul(x, 2), 1) as tf.Tensor2D;
      const last = this.blocks.length - 1;
      // D always normalises with the statistics of the batch it is shown (real and fake apart, as DCGAN).
      const act = (h: tf.Tensor, b: Block) =>
        activate((b.bn ? b.bn.apply(h, 'train') : h) as tf.Tensor2D, 'leakyRelu');
      if (this.spec.arch === 'mlp') {
        let h: tf.Tensor2D = this.spec.conditional ? tf.concat([centred, labels!], 1) : centred;
        this.blocks.forEach((b, i) => {
          h = dense(h, b.dense!, inputIsData && i === 0);
          if (i < last) h = act(h, b);
        });
        return h;
      }
      let img: tf.Tensor4D = tf.reshape(centred, [n, 28, 28, 1]);
      if (this.spec.conditional) {
        const planes = tf.tile(tf.reshape(labels!, [n, 1, 1, NUM_CLASSES]), [1, 28, 28, 1]);
        img = tf.concat([img, planes as tf.Tensor4D], 3);
      }
      const [d1, d2, out] = this.blocks as [Block, Block, Block];
      let h = act(conv2dLayer(img, d1.conv!, 2, 1, inputIsData), d1) as unknown as tf.Tensor4D;
      h = act(conv2dLayer(h, d2.conv!, 2, 1), d2) as unknown as tf.Tensor4D;
      return dense(tf.reshape(h, [n, h.shape[1] * h.shape[2] * h.shape[3]]), out.dense!);
    });
  }

  get variables(): tf.Variable[] {
    return params(this.blocks);
  }

  snapshotValues(): tf.Tensor[] {
    return this.variables.map((v) => tf.clone(v));
  }

  assign(values: readonly tf.Tensor[]): void {
    this.variables.forEach((v, i) => v.assign(values[i]!));
  }

  /** WGAN's weight clipping: every trainable parameter into [-c, c]. */
  clip(c: number): void {
    for (const v of this.variables) tf.tidy(() => v.assign(tf.clipByValue(v, -c, c)));
  }

  dispose(): void {
    disposeBlocks(this.blocks);
  }
}

/** One-hot rows [n, 10] for integer labels. */
export function oneHot(labels: ArrayLike<number>): tf.Tensor2D {
  return tf.tidy(
    () => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), NUM_CLASSES).toFloat() as tf.Tensor2D,
  );
}
