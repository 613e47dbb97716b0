/**
 * Fast kernels for the tfjs WASM backend, plugged in at the tfjs level so models stay tfjs code and
 * autodiff (second-order gradients included) keeps working:
 *  - BatchMatMul (./matMul.ts): a WebAssembly SIMD GEMM that handles transposes itself and uses the
 *    helper threads where the heap is shared;
 *  - Sum over axis 0 of a matrix (./sum.ts): bias gradients as a column sum, without a transpose;
 *  - LatentLabFusedAdam (./adam.ts): one pass of Adam per parameter (../optim/fusedAdam.ts runs it);
 *  - LatentLabBernoulliLogLik (./bernoulli.ts): the Bernoulli log-likelihood from logits and its gradient;
 *  - LatentLabDense (./dense.ts): a dense layer's product, bias and ReLU in one kernel (../dense.ts denseAct);
 *  - LatentLabReparam and LatentLabStandardKl (./gaussian.ts): the posterior's sample and its KL to N(0, I);
 *  - Identity and same-dtype Cast (./share.ts): share the data instead of copying it, and the tensors
 *    tfjs saves for the backward pass are shared references made without an Identity call each.
 * The overrides fall back to tfjs's own kernels for anything else (other dtypes, other backends,
 * broadcast batch shapes) and when the fast path is switched off (`?fast=0`, `--no-fast`).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedAdam, FUSED_ADAM } from './adam';
import { registerBernoulliKernels } from './bernoulli';
import { registerDenseKernels } from './dense';
import { registerGaussianKernels } from './gaussian';
import { batchMatMul } from './matMul';
import { kernelState, type KernelArgs, type KernelResult, type WasmBackend } from './state';
import { cast, identity, installSharedSaves } from './share';
import { sum } from './sum';
import { CopyPool } from './copyThreads';
import { ChunkPool, chunkControlBytes } from './chunks';
import type { HelperInit } from './threads';
import { instantiateKernels, pickVariant, type KernelModules } from './wasmKernels';

export { fastKernelsActive, fastKernelCalls } from './state';

/** The WebAssembly heap of a tfjs WASM backend (shared in its threaded build). */
function wasmHeap(backend: tf.KernelBackend): WebAssembly.Memory | null {
  const w = (backend as Partial<WasmBackend>).wasm;
  return w?.wasmMemory ?? w?.asm?.memory ?? null;
}

const isShared = (m: WebAssembly.Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && m.buffer instanceof SharedArrayBuffer;

/** Switch the fast path on or off (tests compare both; `?fast=0` and `--no-fast` switch it off). */
export function setFastKernelsEnabled(on: boolean): void {
  kernelState.enabled = on;
}

/** In words, for the backend badge and the bench: what runs, or why nothing does. */
function describeFastKernels(): string {
  const s = kernelState.installed;
  if (!s) return 'fast kernels: not installed';
  if (!kernelState.enabled) return 'fast kernels: off';
  const relaxed = s.variant.startsWith('relaxed') ? 'relaxed-SIMD FMA' : 'SIMD';
  const threads = 1 + (s.pool?.count ?? s.copyPool?.helpers ?? 0);
  return (
    `fast kernels: WASM ${relaxed} GEMM on ${threads} thread${threads > 1 ? 's' : ''}, ` +
    'column-sum bias gradients, fused dense layers, fused Adam, fused Bernoulli likelihood'
  );
}

export interface FastKernelOptions {
  modules: KernelModules;
  /** Threads for a GEMM, the calling one included; helpers need a shared heap and `spawnHelper`. */
  threads?: number;
  /** Starts a helper thread that calls `runHelper(init)` (./threads.ts). */
  spawnHelper?: (init: HelperInit) => void;
}

/**
 * Bind the kernels to the current tfjs backend (must be an initialised WASM backend) and register the
 * overrides (once per process). Returns the description, or throws when nothing can run here.
 */
export async function installFastKernels(opts: FastKernelOptions): Promise<string> {
  if (tf.getBackend() !== 'wasm') throw new Error('fast kernels need the WASM backend');
  const backend = tf.engine().backend as WasmBackend;
  if (kernelState.installed?.backend === backend) return describeFastKernels();
  const memory = wasmHeap(backend);
  if (!memory) throw new Error('cannot find the WASM backend heap');
  const shared = isShared(memory);
  const variant = pickVariant(opts.modules, shared);
  if (!variant) throw new Error(`no fast-kernel build for a ${shared ? 'shared' : 'plain'} heap`);
  const k = await instantiateKernels(opts.modules[variant]!, memory);
  const helpers = opts.spawnHelper ? Math.max(0, (opts.threads ?? 1) - 1) : 0;
  let pool: ChunkPool | null = null;
  let copyPool: CopyPool | null = null;
  if (helpers > 0 && shared) {
    const bytes = chunkControlBytes(helpers);
    const ctrl = (backend.wasm._malloc(bytes + 64) + 63) & ~63;
    new Int32Array(memory.buffer, ctrl, bytes / 4).fill(0);
    const module = opts.modules[variant]!;
    for (let i = 0; i < helpers; i++) opts.spawnHelper!({ module, memory, ctrl, index: i, kind: 'chunks' });
    pool = new ChunkPool(memory, ctrl, helpers);
  } else if (helpers > 0) {
    // tfjs's heap is not shared: the helpers get a shared scratch heap and work on copies.
    const sharedVariant = pickVariant(opts.modules, true);
    if (sharedVariant) copyPool = CopyPool.start(opts.modules[sharedVariant]!, helpers, opts.spawnHelper!);
  }
  kernelState.installed = { backend, memory, k, pool, copyPool, variant, ws: [] };
  registerOverrides();
  return describeFastKernels();
}

let registered = false;

function override(name: string, impl: (args: KernelArgs, original: tf.KernelFunc) => KernelResult) {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`tfjs-wasm has no ${name} kernel to override`);
  const original = config.kernelFunc;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: (args) => impl(args, original) });
}

function registerOverrides(): void {
  if (registered) return;
  registered = true;
  override('BatchMatMul', batchMatMul);
  override('Sum', sum);
  override('Identity', identity);
  override('Cast', cast);
  installSharedSaves();
  tf.registerKernel({ kernelName: FUSED_ADAM, backendName: 'wasm', kernelFunc: fusedAdam as tf.KernelFunc });
  registerBernoulliKernels();
  registerDenseKernels();
  registerGaussianKernels();
}
