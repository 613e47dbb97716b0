import relaxedShared from '../core/kernels/build/relaxed-shared.wasm?url';
import relaxed from '../core/kernels/build/relaxed.wasm?url';
import simdShared from '../core/kernels/build/simd-shared.wasm?url';
import simd from '../core/kernels/build/simd.wasm?url';
import type { FastKernelOptions } from '../core/kernels/fastKernels';
import type { HelperInit } from '../core/kernels/threads';
import { compileKernelModules, type KernelVariant } from '../core/kernels/wasmKernels';

const URLS: Record<KernelVariant, string> = {
  simd,
  relaxed,
  'simd-shared': simdShared,
  'relaxed-shared': relaxedShared,
};

/**
 * The fast kernels in the browser. Relaxed SIMD is used where this browser compiles it (the variant is
 * validated, which is the most direct feature test). With `threads` (a cross-origin isolated worker,
 * where tfjs-wasm's heap is shared), a GEMM is split over up to 4 threads: this one and helper workers.
 */
export async function browserKernelOptions(threads: boolean): Promise<FastKernelOptions> {
  const wanted: KernelVariant[] = threads
    ? ['relaxed-shared', 'simd-shared', 'relaxed', 'simd']
    : ['relaxed', 'simd'];
  const bytes = Object.fromEntries(
    await Promise.all(
      wanted.map(async (v) => {
        const r = await fetch(URLS[v]);
        if (!r.ok) throw new Error(`cannot load ${URLS[v]} (HTTP ${r.status})`);
        return [v, new Uint8Array(await r.arrayBuffer())] as const;
      }),
    ),
  );
  const count = threads ? Math.min(4, Math.max(1, navigator.hardwareConcurrency || 1)) : 1;
  return {
    modules: await compileKernelModules(bytes),
    threads: count,
    spawnHelper: (init: HelperInit) => {
      const w = new Worker(new URL('./kernelHelperWorker.ts', import.meta.url), {
        type: 'module',
        name: `latent-lab-gemm-helper-${init.index}`,
      });
      w.postMessage(init);
    },
  };
}
