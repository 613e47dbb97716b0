/**
 * BatchMatMul on the WASM backend by the SIMD GEMM of ./asm/gemm.ts: transposeA/transposeB are handled
 * while packing (tfjs-wasm's own transposed matMul is 15-40x slower than its plain one). Large products
 * are shared out in chunks with the helper threads on tfjs's heap where it is shared (./chunks.ts), or
 * cut in fixed shares computed on copies where it is not (Node, ./copyThreads.ts).
 */
import * as tf from '@tensorflow/tfjs';
import {
  fastKernelCalls,
  ptr,
  scratch,
  usable,
  type Installed,
  type KernelArgs,
  type KernelResult,
} from './state';
import { COLS, ROWS } from './chunks';

/** A product smaller than this (multiply-adds) is not worth waking a helper thread for... */
const PARALLEL_MIN_MACS = 1 << 20;
/** ...or, where the helpers work on copies, worth copying the operands for. */
const COPY_PARALLEL_MIN_MACS = 1 << 22;

/** [i0, i1, j0, j1] of each of `parts` shares of an m x n result, cut on tile boundaries. */
function shares(m: number, n: number, parts: number): [number, number, number, number][] {
  // Split the side whose split duplicates the smaller packing: columns (each part packs all of A)
  // when A is the smaller operand, rows (each part packs all of B) otherwise.
  const byCols = m <= n;
  const unit = byCols ? 8 : 4;
  const len = byCols ? n : m;
  const cut = (p: number) => (p >= parts ? len : Math.min(len, Math.round((len * p) / parts / unit) * unit));
  return Array.from({ length: parts }, (_, p) =>
    byCols ? [0, m, cut(p), cut(p + 1)] : [cut(p), cut(p + 1), 0, n],
  );
}

/** Where a scratch slot other than the threads' holds A packed once for all of them. */
const SHARED_PACK = 64;

/** Chunks per thread: enough that whoever runs takes over the work of whoever is descheduled. */
const CHUNKS_PER_THREAD = 3;

/** C [m, n] = op(A) op(B) at byte offsets a, b, c; shared out with the helper threads when large. */
export function gemm(
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
  const strides = [ta ? 1 : kk, ta ? m : 1, tb ? 1 : n, tb ? kk : 1] as const;
  const [ars, aks, bks, bjs] = strides;
  const macs = m * n * kk;
  if (s.pool?.ready() && macs >= PARALLEL_MIN_MACS) {
    // Chunks of columns over A packed once (when A is the smaller operand), else chunks of rows.
    const threads = 1 + s.pool.count;
    const byCols = m <= n;
    const unit = byCols ? 8 : 4;
    const len = byCols ? n : m;
    const chunk = Math.max(2 * unit, Math.ceil(len / (threads * CHUNKS_PER_THREAD) / unit) * unit);
    const ws = (t: number) =>
      scratch(s, t, byCols ? s.k.workspaceBytes(0, kk) : s.k.workspaceBytes(chunk, kk));
    let ap = 0;
    if (byCols) {
      ap = scratch(s, SHARED_PACK, s.k.packedBytes(m, kk));
      s.k.packRows(a, ars, aks, 0, m, kk, ap);
    }
    const job = {
      mode: byCols ? COLS : ROWS,
      a,
      b,
      c,
      n,
      k: kk,
      ars,
      aks,
      bks,
      bjs,
      m,
      chunk,
      nChunks: Math.ceil(len / chunk),
      ap,
    } as const;
    const helperWs = Array.from({ length: s.pool.count }, (_, h) => ws(h + 1));
    s.pool.run(s.k, job, ws(0), helperWs);
    return;
  }
  const copyHelpers = s.copyPool?.pool.ready() && macs >= COPY_PARALLEL_MIN_MACS ? s.copyPool.helpers : 0;
  const parts = shares(m, n, 1 + copyHelpers);
  if (copyHelpers > 0) {
    const [i0, i1] = parts[0]!;
    const ws0 = scratch(s, 0, s.k.workspaceBytes(i1 - i0, kk));
    s.copyPool!.gemm(s.k, s.memory, { a, b, c, m, n, kk, strides: [...strides], ws0 }, parts);
    return;
  }
  s.k.gemm(a, b, c, n, kk, ...strides, 0, m, 0, n, scratch(s, 0, s.k.workspaceBytes(m, kk)));
}

export function batchMatMul(args: KernelArgs, original: tf.KernelFunc): KernelResult {
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
