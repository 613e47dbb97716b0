/** Sum over axis 0 of a matrix (bias gradients) as one column-sum pass, instead of tfjs-wasm's transpose + sum. */
import * as tf from '@tensorflow/tfjs';
import { fastKernelCalls, ptr, usable, type KernelArgs, type KernelResult } from './state';

export function sum(args: KernelArgs, original: tf.KernelFunc): KernelResult {
  const s = usable(args.backend);
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (!s || x.dtype !== 'float32' || x.shape.length !== 2) return original(args);
  const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape);
  if (axes.length !== 1 || axes[0] !== 0) return original(args);
  const [m, n] = x.shape as [number, number];
  fastKernelCalls.columnSums++;
  const out = s.backend.makeOutput(keepDims ? [1, n] : [n], 'float32');
  if (m === 0) new Float32Array(s.memory.buffer, ptr(s, out), n).fill(0);
  else if (n > 0) s.k.columnSums(ptr(s, x), ptr(s, out), m, n);
  return out;
}
