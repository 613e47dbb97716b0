// A GEMM helper thread in Node (worker_threads; see kernelsNode.ts): works on jobs posted through its
// shared heap (src/core/kernels/threads.ts) until the process exits.
import { workerData } from 'node:worker_threads';
import { runHelper, type HelperInit } from '../core/kernels/threads';

void runHelper(workerData as HelperInit);
