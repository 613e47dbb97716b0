import * as tf from '@tensorflow/tfjs';

/**
 * Test hook (e2e recovery tests): every trainable variable of the running experiment becomes NaN, as
 * a diverged run's would, so the next step's metrics are not finite. Nothing else calls it.
 */
export function poisonWeights(): void {
  const vars = Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
  tf.tidy(() => vars.forEach((v) => v.assign(tf.fill(v.shape, NaN, v.dtype))));
}
