/**
 * The fast kernels' WebAssembly module (AssemblyScript sources in ./asm, built by
 * scripts/build-kernels.mjs), instantiated on the tfjs WASM backend's own heap so that they read and
 * write tensors where they live, without copies.
 */

import type { GemmArgs } from './threads';

/** What the module exports; every pointer is a byte offset into the shared heap. */
export interface KernelExports {
  gemm(...args: GemmArgs): void;
  workspaceBytes(rows: number, k: number): number;
  packedBytes(rows: number, k: number): number;
  packRows(a: number, ars: number, aks: number, i0: number, i1: number, k: number, ap: number): void;
  gemmPacked(
    ap: number,
    p0: number,
    packed: number,
    b: number,
    c: number,
    n: number,
    k: number,
    bks: number,
    bjs: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    ws: number,
  ): void;
  columnSums(d: number, out: number, m: number, n: number): void;
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    wOut: number,
    n: number,
    lr: number,
    b1: number,
    b2: number,
    bc1: number,
    bc2: number,
    eps: number,
  ): void;
  bernoulliLogLik(x: number, l: number, out: number, rows: number, cols: number): void;
  biasAct(c: number, bias: number, m: number, n: number, relu: boolean): void;
  reluGradSums(dy: number, y: number, dz: number, db: number, m: number, n: number): void;
  bernoulliLogLikGrad(x: number, l: number, dy: number, dl: number, rows: number, cols: number): void;
}

/** The four builds: plain SIMD or relaxed-SIMD FMA, for an unshared or a shared (threaded) heap. */
export type KernelVariant = 'simd' | 'relaxed' | 'simd-shared' | 'relaxed-shared';
export const KERNEL_VARIANTS: readonly KernelVariant[] = ['simd', 'relaxed', 'simd-shared', 'relaxed-shared'];

/** Compiled modules by variant; a variant the engine cannot compile (no relaxed SIMD) is absent. */
export type KernelModules = Partial<Record<KernelVariant, WebAssembly.Module>>;

/** Compile each variant's bytes; variants this engine rejects (e.g. relaxed SIMD) are left out. */
export async function compileKernelModules(
  bytes: Partial<Record<KernelVariant, BufferSource>>,
): Promise<KernelModules> {
  const out: KernelModules = {};
  for (const v of KERNEL_VARIANTS) {
    const b = bytes[v];
    if (!b || !WebAssembly.validate(b)) continue;
    try {
      out[v] = await WebAssembly.compile(b);
    } catch {
      // not supported here: the caller picks another variant
    }
  }
  return out;
}

/** Best variant for a heap: relaxed FMA where it compiled, shared where the heap is shared. */
export function pickVariant(modules: KernelModules, shared: boolean): KernelVariant | null {
  const order: KernelVariant[] = shared ? ['relaxed-shared', 'simd-shared'] : ['relaxed', 'simd'];
  return order.find((v) => modules[v]) ?? null;
}

export async function instantiateKernels(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
