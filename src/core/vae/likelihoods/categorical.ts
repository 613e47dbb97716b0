import * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from '../../dense';
import type { Likelihood } from './likelihood';

export const LEVELS = 256;
const PIXELS = 784;

type GradArg = tf.Tensor | tf.GradSaveFunc;

/**
 * sum_v onehot_v * log softmax(logits)_v per row, with its gradient onehot - softmax written out, so
 * autodiff keeps one [rows, 256] tensor instead of every intermediate of the log-softmax.
 */
const pickedLogSoftmax = tf.customGrad((...args: GradArg[]) => {
  const [logits, onehot] = args as tf.Tensor2D[];
  (args[2] as tf.GradSaveFunc)([logits!, onehot!]);
  const value = tf.sub(tf.sum(tf.mul(logits!, onehot!), 1), tf.logSumExp(logits!, 1));
  return {
    value,
    gradFunc: (dy, saved) => {
      const [l, oh] = saved as tf.Tensor2D[];
      const g = tf.mul(tf.expandDims(dy as tf.Tensor1D, 1), tf.sub(oh!, tf.softmax(l!)));
      return [g, tf.zerosLike(oh!)];
    },
  };
});

/** The 8-bit pixel values 0..255 of grey levels in [0, 1], as int32. */
export function pixelLevels(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.round(tf.mul(x, LEVELS - 1)), 'int32'));
}

/**
 * A 256-way categorical distribution over each pixel's 8-bit value (lecture 002's "VAE in action"):
 * log p(x|z) = sum_i log pi_i(x_i | z), a true log-probability of the 8-bit image in nats (divide by
 * 784 ln 2 for bits per pixel). The decoder gives F features per pixel; one output head shared by all
 * pixels maps them to 256 logits ([F, 256] weights), plus a learned bias per pixel and value ([784, 256]), so
 * the head stays small (a full 784 x 256 output layer would hold ~200k outputs per hidden unit).
 */
export function categoricalLikelihood(features: number, seed: number): Likelihood {
  const a = 1 / Math.sqrt(features);
  // The head is a dense layer (its fast/--no-fast gradients come with it); its own bias is shared by all
  // pixels and the per-pixel bias below adds to it.
  const head: DenseParams = tf.tidy(() => ({
    W: tf.variable(tf.randomUniform([features, LEVELS], -a, a, 'float32', seed), true, 'likelihood/head'),
    b: tf.variable(tf.zeros([LEVELS]), true, 'likelihood/headBias'),
  }));
  const bias = tf.tidy(() => tf.variable(tf.zeros([PIXELS, LEVELS]), true, 'likelihood/pixelBias'));
  /** Logits [n * 784, 256] from the decoder output [n, 784 * F]. */
  const logits = (out: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const n = out.shape[0];
      const l = dense(tf.reshape(out, [n * PIXELS, features]), head);
      return tf.reshape(tf.add(tf.reshape(l, [n, PIXELS, LEVELS]), bias), [n * PIXELS, LEVELS]);
    });
  return {
    name: 'categorical',
    outputsPerPixel: features,
    logProb: (x, out) =>
      tf.tidy(() => {
        const n = x.shape[0];
        const onehot = tf.oneHot(tf.reshape(pixelLevels(x), [n * PIXELS]), LEVELS);
        const per = pickedLogSoftmax(logits(out), tf.cast(onehot, 'float32')) as tf.Tensor1D;
        return tf.sum(tf.reshape(per, [n, PIXELS]), 1) as tf.Tensor1D;
      }),
    mean: (out) =>
      tf.tidy(() => {
        const n = out.shape[0];
        const values = tf.div(tf.range(0, LEVELS, 1, 'float32'), LEVELS - 1);
        const m = tf.matMul(tf.softmax(logits(out)), tf.reshape(values, [LEVELS, 1]));
        return tf.reshape(m, [n, PIXELS]) as tf.Tensor2D;
      }),
    target: (x) => x,
    variables: () => [head.W, head.b, bias],
    dispose: () => tf.dispose([head.W, head.b, bias]),
  };
}
