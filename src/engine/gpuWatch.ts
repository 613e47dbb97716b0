import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backendNames';

/** The WebGL context of the webgl backend now running, if it is the one (the worker's OffscreenCanvas). */
function webglContext(): WebGL2RenderingContext | WebGLRenderingContext | null {
  const b = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return b.gpgpu?.gl ?? null;
}

/**
 * Call `onLost` once if the GPU behind the chosen backend goes away: `webglcontextlost` on the webgl
 * backend's canvas, or the WebGPU device's `lost` promise. The engine cannot go on without it; the page
 * restarts it (engine/recovery.ts).
 */
export function watchGpu(name: BackendName, onLost: (why: string) => void): void {
  let fired = false;
  const once = (why: string) => {
    if (!fired) onLost(why);
    fired = true;
  };
  if (name === 'webgl') {
    const canvas = webglContext()?.canvas as EventTarget | undefined;
    canvas?.addEventListener('webglcontextlost', () => once('The WebGL context was lost'));
  } else if (name === 'webgpu') {
    const device = (
      tf.backend() as unknown as { device?: { lost?: Promise<{ reason?: string; message?: string }> } }
    ).device;
    void device?.lost?.then((info) =>
      once(
        `The WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`,
      ),
    );
  }
}

/** Test hook: lose the webgl backend's context as a GPU reset would (WEBGL_lose_context). */
export function loseWebglContext(): boolean {
  const ext = webglContext()?.getExtension('WEBGL_lose_context');
  ext?.loseContext();
  return !!ext;
}
