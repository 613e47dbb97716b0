import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { installFastKernels, setFastKernelsEnabled } from '../../src/core/kernels/fastKernels';
import { nodeKernelOptions } from '../../src/engine/kernelsNode';

/**
 * WASM backend with the fast kernels installed (built first when missing, as `npm test` does), with two
 * threads whatever the machine has, so the helper-thread paths are exercised everywhere.
 */
export async function wasmWithFastKernels(): Promise<string> {
  execFileSync(process.execPath, ['scripts/build-kernels.mjs'], { stdio: 'inherit' });
  await tf.setBackend('wasm');
  await tf.ready();
  const what = await installFastKernels(await nodeKernelOptions(2));
  setFastKernelsEnabled(true);
  return what;
}

/** Run `f` with the fast kernels on or off, restoring "on" afterwards. */
export function withFast<T>(on: boolean, f: () => T): T {
  setFastKernelsEnabled(on);
  try {
    return f();
  } finally {
    setFastKernelsEnabled(true);
  }
}
