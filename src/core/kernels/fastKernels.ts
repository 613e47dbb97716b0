/**
 * Fast kernels for the tfjs WASM backend, plugged in at the tfjs level so models stay tfjs code and
 * autodiff (second-order gradients included) keeps working:
 *  - BatchMatMul: a WebAssembly SIMD GEMM (./asm/gemm.ts) that handles transposeA/transposeB itself
 *    (tfjs-wasm's transposed matMul is 15-40x slower than its plain one) and splits large products over
 *    helper threads where the heap is shared;
 *  - Sum over axis 0 of a matrix (bias gradients): a column sum, instead of tfjs-wasm's transpose + sum;
 *  - LatentLabFusedAdam: one pass of Adam per parameter (used by ../optim/fusedAdam.ts).
 * Every override falls back to tfjs's own kernel for anything else (other dtypes, other backends,
 * broadcast batch shapes) and when the fast path is switched off (`?fast=0`, `--no-fast`).
 */
import * as tf from '@tensorflow/tfjs';
import { HelperPool, controlBytes, type GemmArgs, type HelperInit } from './threads';
import {
  instantiateKernels,
  pickVariant,
  type KernelExports,
  type KernelModules,
  type KernelVariant,
} from './wasmKernels';

/** The parts of tfjs-wasm's BackendWasm the kernels use. */
interface WasmBackend extends tf.KernelBackend {
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

interface Installed {
  backend: WasmBackend;
  memory: WebAssembly.Memory;
  k: KernelExports;
  pool: HelperPool | null;
  variant: KernelVariant;
  /** Per thread (0 = calling thread): workspace pointer (16-byte aligned) and size. */
  ws: { ptr: number; raw: number; bytes: number }[];
}

let installed: Installed | null = null;
let enabled = true;

/** How often each fast kernel ran (tests check that the fast path, not a fallback, did the work). */
export const fastKernelCalls = { gemm: 0, columnSums: 0, adam: 0 };

/** A product smaller than this (multiply-adds) is not worth waking a helper thread for. */
const PARALLEL_MIN_MACS = 1 << 20;

export const FUSED_ADAM = 'LatentLabFusedAdam';

/** The WebAssembly heap of a tfjs WASM backend (shared in its threaded build). */
export function wasmHeap(backend: tf.KernelBackend): WebAssembly.Memory | null {
  const w = (backend as Partial<WasmBackend>).wasm;
  return w?.wasmMemory ?? w?.asm?.memory ?? null;
}

const isShared = (m: WebAssembly.Memory) =>
  typeof SharedArrayBuffer !== 'undefined' && m.buffer instanceof SharedArrayBuffer;

/** True when the fast kernels run the current backend's ops (dense() and the optimizer ask this). */
export function fastKernelsActive(): boolean {
  return installed !== null && enabled && tf.engine().backend === installed.backend;
}

/** Switch the fast path on or off (tests compare both; `?fast=0` and `--no-fast` switch it off). */
export function setFastKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** In words, for the backend badge and the bench: what runs, or why nothing does. */
export function describeFastKernels(): string {
  if (!installed) return 'fast kernels: not installed';
  if (!enabled) return 'fast kernels: off';
  const relaxed = installed.variant.startsWith('relaxed') ? 'relaxed-SIMD FMA' : 'SIMD';
  const threads = 1 + (installed.pool?.count ?? 0);
  return `fast kernels: WASM ${relaxed} GEMM on ${threads} thread${threads > 1 ? 's' : ''}, column-sum bias gradients, fused Adam`;
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
  const backend = tf.engine().backend as WasmBackend;
  if (tf.getBackend() !== 'wasm') throw new Error('fast kernels need the WASM backend');
  if (installed?.backend === backend) return describeFastKernels();
  const memory = wasmHeap(backend);
  if (!memory) throw new Error('cannot find the WASM backend heap');
  const shared = isShared(memory);
  const variant = pickVariant(opts.modules, shared);
  if (!variant) throw new Error(`no fast-kernel build for a ${shared ? 'shared' : 'plain'} heap`);
  const k = await instantiateKernels(opts.modules[variant]!, memory);
  const helpers = shared && opts.spawnHelper ? Math.max(0, (opts.threads ?? 1) - 1) : 0;
  let pool: HelperPool | null = null;
  if (helpers > 0) {
    const ctrl = backend.wasm._malloc(controlBytes(helpers) + 64);
    const aligned = (ctrl + 63) & ~63;
    new Int32Array(memory.buffer, aligned, controlBytes(helpers) / 4).fill(0);
    for (let i = 0; i < helpers; i++)
      opts.spawnHelper!({ module: opts.modules[variant]!, memory, ctrl: aligned, index: i });
    pool = new HelperPool(memory, aligned, helpers);
  }
  if (installed) for (const w of installed.ws) if (w.raw) installed.backend.wasm._free(w.raw);
  installed = { backend, memory, k, pool, variant, ws: [] };
  registerOverrides();
  return describeFastKernels();
}

function usable(backend: unknown): Installed | null {
  return installed && enabled && backend === installed.backend ? installed : null;
}

function workspace(s: Installed, t: number, rows: number): number {
  const need = s.k.workspaceBytes(rows);
  const w = (s.ws[t] ??= { ptr: 0, raw: 0, bytes: 0 });
  if (w.bytes < need) {
    if (w.raw) s.backend.wasm._free(w.raw);
    w.raw = s.backend.wasm._malloc(need + 16);
    w.ptr = (w.raw + 15) & ~15;
    w.bytes = need;
  }
  return w.ptr;
}

const ptr = (s: Installed, t: tf.TensorInfo) => s.backend.dataIdMap.get(t.dataId)!.memoryOffset;

/** C [m, n] = op(A) op(B) at byte offsets a, b, c; split over the helper threads when large. */
function gemm(
  s: Installed,
  a: number,
  b: number,
  c: number,
  m: number,
  n: number,
  kk: number,
  ta: boolean,
  tb: boolean,
) {
  const ars = ta ? 1 : kk;
  const aks = ta ? m : 1;
  const bks = tb ? 1 : n;
  const bjs = tb ? kk : 1;
  const parts = s.pool && m * n * kk >= PARALLEL_MIN_MACS ? 1 + s.pool.count : 1;
  // Split the longer side of the product that duplicates the smaller packing: columns (each part
  // packs all of A) when A is the smaller operand, rows (each part packs all of B) otherwise.
  const byCols = parts > 1 && m <= n;
  const unit = byCols ? 8 : 4;
  const len = byCols ? n : m;
  const cut = (p: number) => Math.min(len, Math.round((len * p) / parts / unit) * unit);
  const range = (p: number): GemmArgs => {
    const [from, to] = [cut(p), p === parts - 1 ? len : cut(p + 1)];
    const [i0, i1, j0, j1] = byCols ? [0, m, from, to] : [from, to, 0, n];
    return [a, b, c, n, kk, ars, aks, bks, bjs, i0, i1, j0, j1, workspace(s, p, i1 - i0)];
  };
  if (parts === 1) {
    s.k.gemm(a, b, c, n, kk, ars, aks, bks, bjs, 0, m, 0, n, workspace(s, 0, m));
    return;
  }
  for (let p = 1; p < parts; p++) s.pool!.post(p - 1, range(p));
  s.k.gemm(...range(0));
  for (let p = 1; p < parts; p++) s.pool!.wait(p - 1);
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

function batchMatMul(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const s = usable(args.backend);
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  if (!s || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2)
    return original(args);
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const kk = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  // Mismatched inner sizes and general broadcasting go to tfjs (its error messages, its semantics).
  if (kk !== kb || !(sameOuter || batchA === 1 || batchB === 1)) return original(args);
  const outer = batchA >= batchB ? outerA : outerB;
  const out = s.backend.makeOutput([...outer, m, n], 'float32');
  const batch = Math.max(batchA, batchB);
  if (m * n === 0 || batch === 0) return out;
  const pc = ptr(s, out);
  if (kk === 0) {
    new Float32Array(s.memory.buffer, pc, batch * m * n).fill(0);
    return out;
  }
  fastKernelCalls.gemm++;
  const pa = ptr(s, a);
  const pb = ptr(s, b);
  for (let i = 0; i < batch; i++) {
    const sa = batchA === 1 ? 0 : i * m * kk * 4;
    const sb = batchB === 1 ? 0 : i * kk * n * 4;
    gemm(s, pa + sa, pb + sb, pc + i * m * n * 4, m, n, kk, transposeA, transposeB);
  }
  return out;
}

function sum(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
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

function fusedAdam(args: KernelArgs): tf.TensorInfo[] {
  const s = usable(args.backend);
  if (!s) throw new Error(`${FUSED_ADAM} runs only on the WASM backend with fast kernels on`);
  const { w, g, m, v } = args.inputs as Record<'w' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const o = args.attrs as unknown as FusedAdamAttrs;
  fastKernelCalls.adam++;
  const size = tf.util.sizeFromShape(w.shape);
  const out = o.inPlace ? null : s.backend.makeOutput(w.shape, 'float32');
  const pw = ptr(s, w);
  s.k.adam(
    pw,
    ptr(s, g),
    ptr(s, m),
    ptr(s, v),
    out ? ptr(s, out) : pw,
    size,
    o.lr,
    o.beta1,
    o.beta2,
    o.bc1,
    o.bc2,
    o.epsilon,
  );
  return out ? [out] : [];
}

/** How many tensors share this tensor's data (1: only itself), on the fast kernels' backend. */
export function dataRefCount(t: tf.Tensor): number {
  return installed ? installed.backend.refCount(t.dataId) : Infinity;
}

let registered = false;

function override(
  name: string,
  impl: (args: KernelArgs, original: tf.KernelFunc) => ReturnType<tf.KernelFunc>,
) {
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
  tf.registerKernel({ kernelName: FUSED_ADAM, backendName: 'wasm', kernelFunc: fusedAdam as tf.KernelFunc });
}
