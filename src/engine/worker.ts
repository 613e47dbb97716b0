/// <reference lib="webworker" />
import '../config/zodSetup'; // first: before any module parses with zod (CSP, no eval)
import { browserEnv } from './browserEnv';
import type { EngineCommand, EngineEvent } from './protocol';
import { Runner } from './runner';

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

const post = (e: EngineEvent, transfer?: Transferable[]) => scope.postMessage(e, transfer ?? []);
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

scope.onmessage = (ev: MessageEvent<EngineCommand>) => {
  void runner.handle(ev.data);
};
post({ type: 'status', state: 'loading', message: 'engine worker started' });
