/**
 * The fast kernels' shared state: the tfjs WASM backend they are bound to, their module instance on its
 * heap, the helper threads and the per-thread scratch memory. Written by ./fastKernels.ts (install),
 * read by the kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { CopyPool } from './copyThreads';
import type { ChunkPool } from './chunks';
import type { KernelExports, KernelVariant } from './wasmKernels';

/** The parts of tfjs-wasm's BackendWasm the kernels use. */
export interface WasmBackend extends tf.KernelBackend {
  wasm: {
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  refCount(dataId: object): number;
}

export interface Installed {
  backend: WasmBackend;
  memory: WebAssembly.Memory;
  k: KernelExports;
  /** Helpers on tfjs's own (shared) heap, or... */
  pool: ChunkPool | null;
  /** ...helpers on a scratch heap of their own, where tfjs's heap is not shared (Node). */
  copyPool: CopyPool | null;
  variant: KernelVariant;
  /** Per thread (0 = calling thread): workspace pointer (16-byte aligned) and size. */
  ws: { ptr: number; raw: number; bytes: number }[];
}

export const kernelState: { installed: Installed | null; enabled: boolean } = {
  installed: null,
  enabled: true,
};

/** How often each fast kernel ran (tests check that the fast path, not a fallback, did the work). */
export const fastKernelCalls = { gemm: 0, columnSums: 0, adam: 0, bernoulli: 0, dense: 0, gaussian: 0 };

/** The installed kernels when they should run on `backend` (a kernel's args.backend), else null. */
export function usable(backend: unknown): Installed | null {
  const s = kernelState.installed;
  return s && kernelState.enabled && backend === s.backend ? s : null;
}

/** True when the fast kernels run the current backend's ops (dense() and the optimizer ask this). */
export function fastKernelsActive(): boolean {
  return usable(tf.engine().backend) !== null;
}

/** Byte offset of a tensor's data in the heap. */
export const ptr = (s: Installed, t: tf.TensorInfo) => s.backend.dataIdMap.get(t.dataId)!.memoryOffset;

/** Scratch memory for thread t, at least `bytes` long, 16-byte aligned; kept and grown as needed. */
export function scratch(s: Installed, t: number, bytes: number): number {
  const w = (s.ws[t] ??= { ptr: 0, raw: 0, bytes: 0 });
  if (w.bytes < bytes) {
    if (w.raw) s.backend.wasm._free(w.raw);
    w.raw = s.backend.wasm._malloc(bytes + 16);
    w.ptr = (w.raw + 15) & ~15;
    w.bytes = bytes;
  }
  return w.ptr;
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];
export type KernelResult = ReturnType<tf.KernelFunc>;
