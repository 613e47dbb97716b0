/**
 * How many pthread workers tfjs-wasm's threaded build starts while it loads (scripts/pthreadPool.mjs
 * patches the build's fixed 8): what XNNPACK's thread count needs, one less than the threads (the
 * calling thread is the first), at least one (the loader waits for at least one worker to load), at most
 * the build's 8. Fewer workers to start and load is less work before the first training step.
 */
import { PTHREAD_POOL_GLOBAL } from '../../scripts/pthreadPool.mjs';

/** Pthread workers Emscripten must start for XNNPACK to run on `threads` threads. */
export const pthreadPoolSize = (threads: number) => Math.min(8, Math.max(1, Math.floor(threads) - 1));

/** Before the WASM backend loads: start only the pthread workers `threads` threads need. */
export function setPthreadPool(threads: number): void {
  (globalThis as Record<string, unknown>)[PTHREAD_POOL_GLOBAL] = pthreadPoolSize(threads);
}
