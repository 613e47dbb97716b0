/**
 * Identity, and Cast to the same dtype, without a copy: the output shares the input's data (reference
 * counted, as tfjs-wasm's own Reshape and tfjs's CPU backend do). tfjs clones every tensor it saves for
 * the backward pass and casts every gradient flowing back through such a clone, and tfjs-wasm copies
 * the data each time: about 30 copies a training step of the classic VAE, weights included.
 * (Nothing writes tensor data in place except the fused Adam, which checks that nothing shares it.)
 */
import * as tf from '@tensorflow/tfjs';
import { usable, type KernelArgs, type KernelResult } from './state';

function shareData(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  (args.backend as tf.KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function identity(args: KernelArgs, original: tf.KernelFunc): KernelResult {
  const { x } = args.inputs as { x: tf.TensorInfo };
  return usable(args.backend) && x.dtype !== 'string' ? shareData(args) : original(args);
}

export function cast(args: KernelArgs, original: tf.KernelFunc): KernelResult {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = args.attrs as { dtype: tf.DataType };
  return usable(args.backend) && x.dtype === dtype && dtype !== 'string' ? shareData(args) : original(args);
}
