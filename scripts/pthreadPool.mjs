// tfjs-wasm's threaded build (Emscripten) starts 8 pthread workers while the backend loads, whatever
// the thread count, and the backend is ready only when every one of them has loaded the module: on a
// 2-core machine six or seven more than XNNPACK's pool uses, all on the way to the first training step
// (issue 14). `pthreadPoolPlugin` (vite.config.ts, the workers' build) makes the loader read the pool
// size from `globalThis[PTHREAD_POOL_GLOBAL]`, which the engine sets before the backend loads
// (src/engine/wasmPthreadPool.ts); unset, it stays 8.

/** Where the patched Emscripten loader reads its pthread pool size. */
export const PTHREAD_POOL_GLOBAL = '__latentLabPthreadPoolSize';

/** The loader's constant, as tfjs-backend-wasm 4.x's threaded SIMD build spells it. */
export const PTHREAD_POOL_SOURCE = 'var pthreadPoolSize=8;';

/** The loader's source with the pool size read from the global (8 if unset); null if it has no constant. */
export function patchPthreadPool(code) {
  if (!code.includes(PTHREAD_POOL_SOURCE)) return null;
  return code.replace(
    PTHREAD_POOL_SOURCE,
    `var pthreadPoolSize=globalThis[${JSON.stringify(PTHREAD_POOL_GLOBAL)}]||8;`,
  );
}

/** Vite plugin: `patchPthreadPool` on the threaded loader (not on its ?raw copy for the pthreads). */
export function pthreadPoolPlugin() {
  return {
    name: 'latent-lab-pthread-pool',
    enforce: 'pre',
    transform(code, id) {
      if (!/tfjs-backend-wasm-threaded-simd\.js$/.test(id)) return null;
      const out = patchPthreadPool(code);
      if (out === null)
        throw new Error(`${id}: no "${PTHREAD_POOL_SOURCE}" to patch (tfjs-backend-wasm changed?)`);
      return { code: out, map: null };
    },
  };
}
