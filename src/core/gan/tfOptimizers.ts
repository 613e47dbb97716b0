import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from './optim';

/**
 * tfjs optimizers for the networks that keep their weights as separate tf.Variables (image GANs, AAE,
 * the quality classifier). The 2-D GAN uses the flat, differentiable update of ./optim instead.
 */
export function makeOptimizer(o: OptimizerSpec): tf.Optimizer {
  switch (o.name) {
    case 'sgd':
      return tf.train.sgd(o.lr);
    case 'adam':
      return tf.train.adam(o.lr, o.beta1, o.beta2, 1e-8);
    case 'rmsprop':
      return tf.train.rmsprop(o.lr, o.beta2, 0, 1e-7);
  }
}

export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  // SGD caches -lr as a tensor and has a setter; Adam and RMSProp read the (protected) field each step.
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}
