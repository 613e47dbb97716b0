/**
 * A dense layer y = act(x W + b) (act: ReLU or none) as one kernel: the SIMD GEMM (./matMul.ts, threads
 * included), then the bias and the ReLU in one pass over y (./asm/dense.ts), instead of BatchMatMul, a
 * broadcasting Add and a Relu. Its gradient: for a ReLU layer the mask and the bias gradient in one pass
 * (dz = dy where y > 0, db = column sums of dz), then the two products dx = dz W^T, dW = x^T dz. Once
 * differentiable (the VAE's layers; the GAN critics, which need second-order gradients, keep dense()).
 */
import * as tf from '@tensorflow/tfjs';
import { gemm } from './matMul';
import { fastKernelCalls, ptr, usable, type KernelArgs } from './state';

export const FUSED_DENSE = 'LatentLabDense';
const RELU_GRAD_SUMS = 'LatentLabReluGradSums';

function denseKernel(args: KernelArgs): tf.TensorInfo {
  const s = usable(args.backend);
  if (!s) throw new Error(`${FUSED_DENSE} runs only on the WASM backend with fast kernels on`);
  const { x, W, b } = args.inputs as Record<'x' | 'W' | 'b', tf.TensorInfo>;
  const { relu } = args.attrs as { relu: boolean };
  const [m, k] = x.shape as [number, number];
  const n = W.shape[1]!;
  fastKernelCalls.dense++;
  const out = s.backend.makeOutput([m, n], 'float32');
  if (m * n === 0) return out;
  const py = ptr(s, out);
  if (k === 0) new Float32Array(s.memory.buffer, py, m * n).fill(0);
  else gemm(s, ptr(s, x), ptr(s, W), py, m, n, k, false, false);
  s.k.biasAct(py, ptr(s, b), m, n, relu);
  return out;
}

function reluGradSumsKernel(args: KernelArgs): tf.TensorInfo[] {
  const s = usable(args.backend);
  if (!s) throw new Error(`${RELU_GRAD_SUMS} runs only on the WASM backend with fast kernels on`);
  const { dy, y } = args.inputs as Record<'dy' | 'y', tf.TensorInfo>;
  const [m, n] = y.shape as [number, number];
  const dz = s.backend.makeOutput([m, n], 'float32');
  const db = s.backend.makeOutput([n], 'float32');
  if (n === 0) return [dz, db];
  if (m === 0) new Float32Array(s.memory.buffer, ptr(s, db), n).fill(0);
  else s.k.reluGradSums(ptr(s, dy), ptr(s, y), ptr(s, dz), ptr(s, db), m, n);
  return [dz, db];
}

export function registerDenseKernels(): void {
  tf.registerKernel({
    kernelName: FUSED_DENSE,
    backendName: 'wasm',
    kernelFunc: denseKernel as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: RELU_GRAD_SUMS,
    backendName: 'wasm',
    kernelFunc: reluGradSumsKernel as unknown as tf.KernelFunc,
  });
  tf.registerGradient({
    kernelName: FUSED_DENSE,
    inputsToSave: ['x', 'W'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, W, y] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      const relu = (attrs as unknown as { relu: boolean }).relu;
      const [dz, db] = relu
        ? (tf.engine().runKernel(RELU_GRAD_SUMS, { dy: d, y: y! }) as tf.Tensor[])
        : [d, tf.sum(d, 0)];
      return {
        x: () => tf.matMul(dz as tf.Tensor2D, W!, false, true),
        W: () => tf.matMul(x!, dz as tf.Tensor2D, true, false),
        b: () => db!,
      };
    },
  });
}

/** act(x W + b) for x [m, k], W [k, n], b [n], as one kernel (fast kernels only; see denseAct). */
export function fusedDense(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  return tf.engine().runKernel(FUSED_DENSE, { x, W, b }, { relu }) as tf.Tensor2D;
}
