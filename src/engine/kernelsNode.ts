import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { FastKernelOptions } from '../core/kernels/fastKernels';
import type { HelperInit } from '../core/kernels/threads';
import { compileKernelModules, KERNEL_VARIANTS, type KernelVariant } from '../core/kernels/wasmKernels';

/**
 * A helper thread: a worker_threads worker that loads kernelHelperNode.ts through tsx (the engine's
 * TypeScript runs under tsx in Node). Unreferenced, so it never keeps the process alive.
 */
export function spawnNodeHelper(init: HelperInit): void {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./kernelHelperNode.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const w = new Worker(code, { eval: true, workerData: init });
  w.unref();
}

/**
 * The fast kernels in Node: the builds from scripts/build-kernels.mjs (run on install). tfjs-wasm runs
 * without threads in Node (its heap is not shared), so the helper threads work on copies of the
 * operands in a shared heap of their own (src/core/kernels/copyThreads.ts).
 */
export async function nodeKernelOptions(
  threads = Math.min(4, availableParallelism()),
): Promise<FastKernelOptions> {
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
  // Node 20's V8 has relaxed SIMD (FMA) behind a flag (on by default from Node 22): switch it on.
  if (bytes.relaxed && !WebAssembly.validate(bytes.relaxed))
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  return { modules: await compileKernelModules(bytes), threads, spawnHelper: spawnNodeHelper };
}
