/**
 * log p(x | logits) of a Bernoulli likelihood summed over each row, as one kernel forward and one
 * backward (./asm/bernoulli.ts) instead of ~25 tfjs ops. Registered with its gradient, so autodiff works
 * through it (towards the logits; towards x, lazily, only when asked).
 */
import * as tf from '@tensorflow/tfjs';
import { bernoulliGradShared, bernoulliShared } from './parallel';
import { fastKernelCalls, ptr, usable, type KernelArgs } from './state';

export const BERNOULLI_LOGLIK = 'LatentLabBernoulliLogLik';
const BERNOULLI_LOGLIK_GRAD = 'LatentLabBernoulliLogLikGrad';

function logLik(args: KernelArgs): tf.TensorInfo {
  const s = usable(args.backend);
  if (!s) throw new Error(`${BERNOULLI_LOGLIK} runs only on the WASM backend with fast kernels on`);
  const { x, logits } = args.inputs as Record<'x' | 'logits', tf.TensorInfo>;
  const [rows, cols] = logits.shape as [number, number];
  fastKernelCalls.bernoulli++;
  const out = s.backend.makeOutput([rows], 'float32');
  const [px, pl, po] = [ptr(s, x), ptr(s, logits), ptr(s, out)];
  if (rows > 0 && !bernoulliShared(s, px, pl, po, rows, cols)) s.k.bernoulliLogLik(px, pl, po, rows, cols);
  return out;
}

function logLikGrad(args: KernelArgs): tf.TensorInfo {
  const s = usable(args.backend);
  if (!s) throw new Error(`${BERNOULLI_LOGLIK_GRAD} runs only on the WASM backend with fast kernels on`);
  const { x, logits, dy } = args.inputs as Record<'x' | 'logits' | 'dy', tf.TensorInfo>;
  const [rows, cols] = logits.shape as [number, number];
  const out = s.backend.makeOutput([rows, cols], 'float32');
  const [px, pl, pd, po] = [ptr(s, x), ptr(s, logits), ptr(s, dy), ptr(s, out)];
  if (rows * cols > 0 && !bernoulliGradShared(s, px, pl, pd, po, rows, cols))
    s.k.bernoulliLogLikGrad(px, pl, pd, po, rows, cols);
  return out;
}

export function registerBernoulliKernels(): void {
  tf.registerKernel({
    kernelName: BERNOULLI_LOGLIK,
    backendName: 'wasm',
    kernelFunc: logLik as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: BERNOULLI_LOGLIK_GRAD,
    backendName: 'wasm',
    kernelFunc: logLikGrad as tf.KernelFunc,
  });
  tf.registerGradient({
    kernelName: BERNOULLI_LOGLIK,
    inputsToSave: ['x', 'logits'],
    gradFunc: (dy, saved) => {
      const [x, logits] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor1D;
      return {
        logits: () =>
          tf.engine().runKernel(BERNOULLI_LOGLIK_GRAD, { x: x!, logits: logits!, dy: d }) as tf.Tensor,
        // d/dx of -(max(l, 0) - l x + log1p(exp(-|l|))) = l.
        x: () => tf.mul(tf.expandDims(d, 1), logits!),
      };
    },
  });
}

/** log p(x | logits) per row, x and logits [batch, pixels] with x in [0, 1]. Fast kernels only. */
export function bernoulliLogLikFast(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.engine().runKernel(BERNOULLI_LOGLIK, { x, logits }) as tf.Tensor1D;
}
