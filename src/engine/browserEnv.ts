import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { fetchIdxReader, loadMnist, type Mnist } from '../data/mnist';
import {
  BACKENDS,
  chooseBackend,
  isSoftwareRenderer,
  type BackendName,
  type BackendProbe,
  type GpuStatus,
} from './backend';
import { setupFastKernels } from './fastKernelSetup';
import { browserKernelOptions } from './kernelsBrowser';
import type { RunnerEnv } from './runner';
import { installWasmThreadsFix } from './wasmThreadsFix';
import { setPthreadPool } from './wasmPthreadPool';

/** WebGL renderer string, read from a throwaway context (OffscreenCanvas works in workers). */
function webglRenderer(): string | null {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const r = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return String(r);
  } catch {
    return null;
  }
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function webgpuStatus(): Promise<GpuStatus> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return { kind: 'missing', detail: 'no navigator.gpu' };
  const a = await gpu.requestAdapter();
  if (!a) return { kind: 'missing', detail: 'no WebGPU adapter' };
  const info = a.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.trim();
  if (a.isFallbackAdapter || info.isFallbackAdapter)
    return { kind: 'software', detail: `fallback adapter ${text}` };
  return { kind: isSoftwareRenderer(text) ? 'software' : 'hardware', detail: text || 'adapter' };
}

/** Platform probe; `wasmThreads` is false on the main thread, where pthread waits crash the page. */
export const browserProbe = (wasmThreads: boolean): BackendProbe => ({
  async gpu(name) {
    if (name === 'webgpu') return webgpuStatus();
    const r = webglRenderer();
    if (r === null) return { kind: 'missing', detail: 'no WebGL context' };
    return { kind: isSoftwareRenderer(r) ? 'software' : 'hardware', detail: r };
  },
  prepareWasm() {
    installWasmThreadsFix();
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    if (!wasmThreads) {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      return;
    }
    // tfjs defaults to hardwareConcurrency / 2 threads; the trainer owns this worker, so use all cores
    // (and start only the pthread workers those need: wasmPthreadPool.ts).
    if (globalThis.crossOriginIsolated) {
      const threads = Math.max(1, navigator.hardwareConcurrency || 1);
      setThreadsCount(threads);
      setPthreadPool(threads);
    }
  },
});

async function choose(wasmThreads: boolean, override?: BackendName | null, opts?: { fast?: boolean }) {
  const choice = await chooseBackend(BACKENDS, browserProbe(wasmThreads), override);
  const threaded = wasmThreads && globalThis.crossOriginIsolated;
  const threads = choice.name === 'wasm' ? (threaded ? navigator.hardwareConcurrency || 1 : 1) : undefined;
  const kernels = await setupFastKernels(choice.name, opts?.fast !== false, () =>
    browserKernelOptions(threaded),
  );
  return { ...choice, threads, kernels };
}

/**
 * One backend choice at a time in this thread: with `?engine=page` the VAE and GAN labs' in-process
 * engines share the page's tfjs, and two choices at once raced (one lab failed with "wasm: failed to
 * initialise; cpu: Cannot read properties of undefined").
 */
let choosing: Promise<unknown> = Promise.resolve();

/** The engine's platform in a browser (worker or main thread). */
export function browserEnv(base: string, yieldNow: () => Promise<void>, wasmThreads = true): RunnerEnv {
  let mnist: Promise<Mnist> | null = null;
  return {
    chooseBackend(override?: BackendName | null, opts?: { fast?: boolean }) {
      const run = choosing.then(() => choose(wasmThreads, override, opts));
      choosing = run.catch(() => undefined);
      return run;
    },
    loadMnist: () => (mnist ??= loadMnist(fetchIdxReader(base))),
    yieldNow,
    now: () => performance.now(),
  };
}

export { tf };
