/** The fused Adam kernel (one pass per parameter, ./asm/adam.ts), run by ../optim/fusedAdam.ts. */
import * as tf from '@tensorflow/tfjs';
import { adamShared } from './parallel';
import { fastKernelCalls, ptr, usable, type KernelArgs } from './state';

export const FUSED_ADAM = 'LatentLabFusedAdam';

/** Attributes of the fused Adam kernel: hyperparameters and the bias corrections 1 - beta^t. */
export interface FusedAdamAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  bc1: number;
  bc2: number;
  epsilon: number;
  /** Write the new weights over w (only when nothing else shares w's data) or into a new tensor. */
  inPlace: boolean;
}

/** Inputs w, g, m, v; updates m and v in place; returns [] (w updated in place) or [new w]. */
export function fusedAdam(args: KernelArgs): tf.TensorInfo[] {
  const s = usable(args.backend);
  if (!s) throw new Error(`${FUSED_ADAM} runs only on the WASM backend with fast kernels on`);
  const { w, g, m, v } = args.inputs as Record<'w' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const o = args.attrs as unknown as FusedAdamAttrs;
  fastKernelCalls.adam++;
  const size = tf.util.sizeFromShape(w.shape);
  const out = o.inPlace ? null : s.backend.makeOutput(w.shape, 'float32');
  const pw = ptr(s, w);
  const pOut = out ? ptr(s, out) : pw;
  const p = { w: pw, g: ptr(s, g), m: ptr(s, m), v: ptr(s, v), wOut: pOut };
  const h = { lr: o.lr, b1: o.beta1, b2: o.beta2, bc1: o.bc1, bc2: o.bc2, eps: o.epsilon };
  if (!adamShared(s, p, size, h))
    s.k.adam(p.w, p.g, p.m, p.v, p.wOut, size, h.lr, h.b1, h.b2, h.bc1, h.bc2, h.eps);
  return out ? [out] : [];
}

/** How many tensors share this tensor's data (1: only itself), on the fast kernels' backend. */
export function dataRefCount(t: tf.Tensor): number {
  const s = usable(tf.engine().backend);
  return s ? s.backend.refCount(t.dataId) : Infinity;
}
