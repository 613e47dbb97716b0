/// <reference lib="webworker" />
import '../config/zodSetup'; // first: before any module parses with zod (CSP, no eval)
import { browserEnv } from './browserEnv';
import { loseWebglContext, watchGpu } from './gpuWatch';
import { poisonWeights } from './testFaults';
import type { EngineCommand, EngineEvent } from './protocol';
import { Runner } from './runner';
import { loopStats } from './loopStats';

// The engine's home in the app: a module Web Worker. The page posts EngineCommands; we post EngineEvents.
const scope = self as unknown as DedicatedWorkerGlobalScope;

// A macrotask yield via MessageChannel (setTimeout(0) is clamped to 4 ms when nested).
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

let gpuLost = false;
const post = (e: EngineEvent, transfer?: Transferable[]) => {
  if (gpuLost) return; // the page is restarting this engine: nothing it says now matters
  scope.postMessage(e, transfer ?? []);
  // Recovery (issue 13): a lost GPU context ends this engine; the page starts another and restores the run.
  if (e.type === 'backend')
    watchGpu(e.choice.name, (message) => {
      post({ type: 'error', recoverable: false, fatal: 'gpu', message });
      gpuLost = true;
    });
};
const runner = new Runner(post, browserEnv(import.meta.env.BASE_URL, yieldNow));

// The benchmark's `--profile` times the running experiment's kernels through this handle.
(scope as unknown as { __latentProfile: (steps: number) => Promise<unknown> }).__latentProfile = async (
  steps,
) => {
  const exp = runner.experiment;
  if (!exp) throw new Error('no experiment to profile');
  const { profileSteps } = await import('./profile');
  return profileSteps(exp, steps);
};

// ...and reads where the training loop's wall time went (loopStats.ts) through this one.
(scope as unknown as { __latentLoopStats: (reset: boolean) => unknown }).__latentLoopStats = (reset) =>
  loopStats.read(reset);

/**
 * Test hook: block forever, answering nothing (the page's liveness check must notice and restart us).
 * Atomics.wait sleeps without using a core (the app is cross-origin isolated); without shared memory, spin.
 */
function hang(): void {
  const cell = typeof SharedArrayBuffer === 'undefined' ? null : new Int32Array(new SharedArrayBuffer(4));
  for (;;) if (cell) Atomics.wait(cell, 0, 0);
}

scope.onmessage = (ev: MessageEvent<EngineCommand>) => {
  const cmd = ev.data;
  // Liveness (engine/liveness.ts): answered here, between steps, not behind the runner's command queue.
  if (cmd.type === 'ping') return post({ type: 'pong', id: cmd.id });
  if (cmd.type === 'testFault') {
    // Test hooks for the recovery e2e tests: an uncaught error (the page sees the worker's `error`), or
    // the WebGL context lost as a GPU reset would lose it.
    if (cmd.fault === 'crash')
      setTimeout(() => {
        throw new Error('test fault: the engine crashed');
      });
    else if (cmd.fault === 'nan') poisonWeights();
    else if (cmd.fault === 'hang') hang();
    else if (!loseWebglContext()) post({ type: 'notice', message: 'no WebGL context to lose' });
    return;
  }
  void runner.handle(cmd);
};
post({ type: 'status', state: 'loading', message: 'engine worker started' });
