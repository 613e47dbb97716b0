import * as tf from '@tensorflow/tfjs';

import type { BackendName } from './backendNames';

export {
  BACKENDS,
  isBackendName,
  isSoftwareRenderer,
  type BackendName,
  type BackendAttempt,
  type BackendChoice,
} from './backendNames';
import type { BackendAttempt, BackendChoice } from './backendNames';

/** What a platform knows about the GPU behind a backend before trying it. */
export interface GpuStatus {
  kind: 'hardware' | 'software' | 'missing';
  detail: string;
}

/** Platform hooks: how to tell a software-emulated GPU, and WASM setup (paths, threads). */
export interface BackendProbe {
  gpu?(name: 'webgl' | 'webgpu'): Promise<GpuStatus>;
  /** Called once before the WASM backend initialises (paths, thread count). */
  prepareWasm?(): void;
}

/**
 * A tiny numeric self-check: matMul, elementwise maths and a gradient must give known values.
 * Returns null when the backend computes correctly, else what went wrong.
 */
export async function selfCheck(): Promise<string | null> {
  const out = tf.tidy(() => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    const mm = tf.matMul(a, b); // [19, 22, 43, 50]
    const mmT = tf.matMul(tf.transpose(a), b); // [26, 30, 38, 44]
    const sig = tf.sigmoid(tf.tensor1d([0])); // 0.5
    const ex = tf.exp(tf.tensor1d([1])); // e
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2])); // [2, -4]
    return tf.concat([mm.flatten(), mmT.flatten(), sig, ex, g]);
  });
  const v = await out.data();
  out.dispose();
  const want = [19, 22, 43, 50, 26, 30, 38, 44, 0.5, Math.E, 2, -4];
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(v[i]! - want[i]!) < 1e-3 * Math.max(1, Math.abs(want[i]!)))) {
      return `self-check failed: value ${i} is ${v[i]}, expected ${want[i]}`;
    }
  }
  return null;
}

async function tryBackend(
  name: BackendName,
  probe: BackendProbe,
  allowSoftware: boolean,
): Promise<BackendAttempt> {
  try {
    if ((name === 'webgl' || name === 'webgpu') && probe.gpu) {
      const g = await probe.gpu(name);
      if (g.kind === 'missing') return { name, ok: false, reason: `unavailable (${g.detail})` };
      if (g.kind === 'software' && !allowSoftware) {
        return { name, ok: false, reason: `software-emulated GPU (${g.detail}); WASM is faster` };
      }
    }
    if (name === 'wasm') probe.prepareWasm?.();
    const ok = await tf.setBackend(name);
    if (!ok) return { name, ok: false, reason: 'failed to initialise' };
    await tf.ready();
    const bad = await selfCheck();
    if (bad) return { name, ok: false, reason: bad };
    return { name, ok: true, reason: 'passed the self-check' };
  } catch (e) {
    return { name, ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Pick a backend: hardware GPU (WebGPU, then WebGL) where there is one, WASM where the GPU is software
 * emulated, CPU last. Each candidate must pass `selfCheck`. `override` tries that one first (software GPUs
 * allowed, since the user asked) and falls back with a notice when it cannot be used.
 */
export async function chooseBackend(
  candidates: readonly BackendName[],
  probe: BackendProbe,
  override?: BackendName | null,
): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  let notice: string | undefined;
  if (override) {
    const a = await tryBackend(override, probe, true);
    attempts.push(a);
    if (a.ok) return { name: override, reason: 'requested (?backend= or settings)', attempts };
    notice = `The requested backend "${override}" is unavailable here (${a.reason}); falling back.`;
  }
  for (const name of candidates) {
    if (name === override) continue;
    const a = await tryBackend(name, probe, false);
    attempts.push(a);
    if (a.ok) {
      const skipped = attempts.filter((x) => !x.ok && x.name !== override);
      const why = skipped.length
        ? `fastest that works here (${skipped.map((x) => `${x.name}: ${x.reason}`).join('; ')})`
        : 'fastest available';
      return { name, reason: why, attempts, notice };
    }
  }
  throw new Error(`no tfjs backend works here: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`);
}
