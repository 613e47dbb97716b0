import {
  installFastKernels,
  setFastKernelsEnabled,
  type FastKernelOptions,
} from '../core/kernels/fastKernels';
import type { BackendName } from './backend';

/**
 * After the backend is chosen: install the fast kernels where they apply (the WASM backend) unless the
 * user switched them off (`?fast=0`, `--no-fast`). Returns what runs, in words, for the badge and the
 * bench; a failure to load them is reported there and training goes on with tfjs's own kernels.
 */
export async function setupFastKernels(
  backend: BackendName,
  fast: boolean,
  load: () => Promise<FastKernelOptions>,
): Promise<string> {
  setFastKernelsEnabled(fast);
  if (!fast) return 'fast kernels: off (?fast=0 / --no-fast)';
  if (backend !== 'wasm') return `fast kernels: not used on ${backend} (WASM only)`;
  try {
    return await installFastKernels(await load());
  } catch (e) {
    setFastKernelsEnabled(false);
    return `fast kernels: unavailable (${e instanceof Error ? e.message : String(e)})`;
  }
}
