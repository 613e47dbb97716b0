import { adoptEarlyWorker, newEngineWorker } from './engineWorker';
import type { EngineQuery } from './experiment';
import { heard, livenessTick, startLiveness, type LivenessRule, type LivenessState } from './liveness';
import type { EngineCommand, EngineEvent } from './protocol';

export type EngineListener = (e: EngineEvent) => void;
export type EngineLocation = 'worker' | 'in-process';

/** The page's handle on the engine, wherever it runs. Views never talk to it; store actions do. */
export interface EngineClient {
  readonly location: EngineLocation;
  send(cmd: EngineCommand): void;
  /**
   * Ask the running experiment something (encode, decode...). Rejects with the engine's message.
   * `inOrder`: answered after every command sent before it (otherwise between the next steps).
   */
  query<T = unknown>(q: EngineQuery, opts?: { inOrder?: boolean }): Promise<T>;
  terminate(): void;
}

class QueryBook {
  private next = 1;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  open(): { id: number; promise: Promise<unknown> } {
    const id = this.next++;
    const promise = new Promise<unknown>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    return { id, promise };
  }
  /** True when the event was a query answer (and has been delivered). */
  settle(e: EngineEvent): boolean {
    if (e.type !== 'queryResult' && e.type !== 'queryError') return false;
    const w = this.waiting.get(e.id);
    this.waiting.delete(e.id);
    if (e.type === 'queryResult') w?.resolve(e.result);
    else w?.reject(new Error(e.message));
    return true;
  }
  rejectAll(why: string): void {
    for (const w of this.waiting.values()) w.reject(new Error(why));
    this.waiting.clear();
  }
}

/** `?fast=0` in the page's address switches the fast WASM kernels off (for comparison and fallback). */
export function withPageFlags(cmd: EngineCommand): EngineCommand {
  if (cmd.type !== 'init' || typeof location === 'undefined') return cmd;
  const fast = new URLSearchParams(location.search).get('fast');
  return fast === '0' || fast === 'false' || fast === 'off' ? { ...cmd, fast: false } : cmd;
}

/**
 * The normal case: the engine in a module Web Worker. `liveness`: ping it and report it dead (a `fatal:
 * 'worker'` error, as a crash) when it falls silent by the rule in engine/liveness.ts; watching starts
 * with the worker's first message (its module has loaded by then).
 */
export function workerEngine(listener: EngineListener, opts: { liveness?: LivenessRule } = {}): EngineClient {
  // The worker index.html started early (engineWorker.ts), if this is the first engine; else a new one.
  const early = adoptEarlyWorker();
  const worker = early?.worker ?? newEngineWorker();
  const book = new QueryBook();
  let watch: ReturnType<typeof setInterval> | null = null;
  let live: LivenessState | null = null;
  const stopWatching = () => {
    if (watch !== null) clearInterval(watch);
    watch = null;
  };
  const rule = opts.liveness;
  let pings = 0;
  const tick = () => {
    if (!live || !rule) return;
    const { state, action } = livenessTick(live, performance.now(), rule);
    live = state;
    if (action === 'ping') worker.postMessage({ type: 'ping', id: ++pings } satisfies EngineCommand);
    else if (action === 'dead') {
      stopWatching();
      listener({
        type: 'error',
        recoverable: false,
        fatal: 'worker',
        message: `The training worker stopped answering (nothing from it for ${Math.round(rule.silenceMs / 1000)} s)`,
      });
    }
  };
  worker.onmessage = (ev: MessageEvent<EngineEvent>) => {
    if (rule) {
      const now = performance.now();
      if (!live) {
        live = startLiveness(now);
        watch = setInterval(tick, rule.pingMs / 2);
      }
      live = heard(live, now, ev.data.type === 'pong');
    }
    if (ev.data.type === 'pong') return;
    if (!book.settle(ev.data)) listener(ev.data);
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    listener({
      type: 'error',
      recoverable: false,
      fatal: 'worker',
      message: `The training worker failed: ${ev.message || 'could not load'}`,
    });
  };
  // What the early worker said before this engine listened, in order, before anything newer.
  if (early)
    queueMicrotask(() => {
      for (const e of early.events)
        if (e instanceof MessageEvent) worker.onmessage?.(e);
        else worker.onerror?.(e);
    });
  return {
    location: 'worker',
    send: (cmd) => worker.postMessage(withPageFlags(cmd)),
    query: <T>(q: EngineQuery, opts?: { inOrder?: boolean }) => {
      const { id, promise } = book.open();
      worker.postMessage({ type: 'query', id, query: q, inOrder: opts?.inOrder } satisfies EngineCommand);
      return promise as Promise<T>;
    },
    terminate: () => {
      stopWatching();
      book.rejectAll('engine stopped');
      worker.terminate();
    },
  };
}

/**
 * Yield to the page between steps so input and painting go first (used by the in-process engine).
 * A plain task (not scheduler.yield(), whose continuation outranks input and starved clicks here).
 */
function yieldToPage(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}

/**
 * Fallback for browsers whose workers cannot get a GPU context (Safari's worker WebGL): the same Runner
 * on the main thread, yielding to the page between steps. Loaded on demand so the page stays light.
 */
export async function inProcessEngine(listener: EngineListener): Promise<EngineClient> {
  const [{ Runner }, { browserEnv }] = await Promise.all([import('./runner'), import('./browserEnv')]);
  const book = new QueryBook();
  let alive = true;
  const runner = new Runner(
    (e) => {
      if (alive && !book.settle(e)) listener(e);
    },
    browserEnv(import.meta.env.BASE_URL, yieldToPage, false),
  );
  return {
    location: 'in-process',
    send: (cmd) => void runner.handle(withPageFlags(cmd)),
    query: <T>(q: EngineQuery, opts?: { inOrder?: boolean }) => {
      const { id, promise } = book.open();
      void runner.handle({ type: 'query', id, query: q, inOrder: opts?.inOrder });
      return promise as Promise<T>;
    },
    terminate: () => {
      alive = false;
      book.rejectAll('engine stopped');
      void runner.handle({ type: 'dispose' });
    },
  };
}
