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

/** The part of tfjs's engine the saved-tensor shortcut below relies on (tfjs-core 4.x). */
interface SavingEngine {
  backend: tf.KernelBackend;
  /** 1 while the forward pass of a first-order gradient records; more inside a gradient of a gradient. */
  state: { gradientDepth: number };
  keep<T extends tf.Tensor>(t: T): T;
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
}

let savesInstalled = false;

/**
 * tfjs keeps every tensor a gradient will need by cloning it while the tape records: one Identity kernel
 * call and one tape node per saved tensor (54 in a classic-VAE step), only for the clone to share the data
 * (above). In a first-order gradient (tape depth 1) this makes the same shared reference directly,
 * without the kernel call and the tape node: only that gradient's own backward pass reads the saved
 * tensors. Inside a gradient of a gradient (depth 2 and more: WGAN-GP's penalty, the unrolled GAN) the
 * clone's tape node is what lets the outer gradient flow through the inner backward pass, so tfjs's own
 * way runs there, as it does off the fast kernels' backend and for other dtypes. Installed once, with the
 * overrides; returns false where this tfjs's engine lacks what it uses (then nothing changes).
 */
export function installSharedSaves(): boolean {
  const engine = tf.engine() as unknown as SavingEngine;
  if (savesInstalled) return true;
  if (
    typeof engine.saveTensorsForBackwardMode !== 'function' ||
    typeof engine.makeTensorFromTensorInfo !== 'function' ||
    typeof engine.keep !== 'function' ||
    typeof engine.state?.gradientDepth !== 'number'
  )
    return false;
  const original = engine.saveTensorsForBackwardMode;
  savesInstalled = true;
  engine.saveTensorsForBackwardMode = function (this: SavingEngine, tensors: tf.Tensor[]) {
    const backend = this.backend;
    if (
      this.state.gradientDepth !== 1 ||
      !usable(backend) ||
      tensors.some((t) => t.dtype === 'string' || t.dtype === 'complex64')
    )
      return original.call(this, tensors);
    return tensors.map((t) => {
      backend.incRef(t.dataId);
      return this.keep(this.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
    });
  };
  return true;
}
