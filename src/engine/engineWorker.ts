/**
 * The engine's module worker, and its early start: the built page loads ./prestart.ts as a separate
 * small script ahead of the app's bundle (scripts/prestartEntry.mjs), so the first engine worker loads
 * its module (tfjs and every experiment, about 2.6 MB) on the other core while the page's own bundle
 * loads, instead of after it (time to first step). The first `workerEngine` (client.ts) adopts it, with
 * whatever it posted before anyone listened.
 */

export function newEngineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'latent-lab-engine' });
}

/** An engine worker started early, and the events it fired before it was adopted. */
export interface EarlyWorker {
  worker: Worker;
  events: (MessageEvent | ErrorEvent)[];
}

const KEY = '__latentLabEarlyEngine';

/** Start an engine worker now and keep its events until `adoptEarlyWorker` (index.html's prestart). */
export function prestartEngineWorker(): void {
  const early: EarlyWorker = { worker: newEngineWorker(), events: [] };
  early.worker.onmessage = (e) => early.events.push(e);
  early.worker.onerror = (e) => {
    e.preventDefault();
    early.events.push(e);
  };
  (globalThis as Record<string, unknown>)[KEY] = early;
}

/** The early worker, once (later engines, restarts included, start their own); null if none. */
export function adoptEarlyWorker(): EarlyWorker | null {
  const g = globalThis as Record<string, unknown>;
  const early = (g[KEY] as EarlyWorker | undefined) ?? null;
  delete g[KEY];
  return early;
}
