/// <reference lib="webworker" />
// A GEMM helper thread: receives the kernels module and the shared heap once, then works on jobs posted
// through the heap (see src/core/kernels/threads.ts) until the page closes.
import { runHelper, type HelperInit } from '../core/kernels/threads';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (ev: MessageEvent<HelperInit>) => {
  scope.onmessage = null;
  void runHelper(ev.data);
};
