// A GEMM helper thread in Node (worker_threads), as the browser's src/engine/kernelHelperWorker.ts;
// tsx loads the TypeScript source of the real protocol.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runHelper } = await import('../../src/core/kernels/threads.ts');
void runHelper(workerData);
