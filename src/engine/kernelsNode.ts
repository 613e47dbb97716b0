import { readFile } from 'node:fs/promises';
import { compileKernelModules, KERNEL_VARIANTS, type KernelVariant } from '../core/kernels/wasmKernels';
import type { FastKernelOptions } from '../core/kernels/fastKernels';

/**
 * The fast kernels in Node: the builds from scripts/build-kernels.mjs (run on install). tfjs-wasm runs
 * without threads in Node (its heap is not shared), so the kernels run on the calling thread.
 */
export async function nodeKernelOptions(): Promise<FastKernelOptions> {
  const bytes: Partial<Record<KernelVariant, Uint8Array<ArrayBuffer>>> = {};
  for (const v of KERNEL_VARIANTS) {
    try {
      bytes[v] = new Uint8Array(await readFile(new URL(`../core/kernels/build/${v}.wasm`, import.meta.url)));
    } catch {
      // absent: reported below if no variant is usable
    }
  }
  if (!bytes.simd)
    throw new Error('kernels not built: run `npm install` (or `node scripts/build-kernels.mjs`)');
  return { modules: await compileKernelModules(bytes), threads: 1 };
}
