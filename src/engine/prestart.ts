// Loaded by the built page ahead of the app (scripts/prestartEntry.mjs): starts the first engine worker
// early (see engineWorker.ts), unless the page runs its engine in-process (`?engine=page`) or has no
// workers. Nothing here may throw: on any failure the first engine starts its worker itself.
import { prestartEngineWorker } from './engineWorker';

try {
  if (typeof Worker !== 'undefined' && new URLSearchParams(location.search).get('engine') !== 'page')
    prestartEngineWorker();
} catch {
  // no early worker: workerEngine() makes one (and reports there if that fails too)
}
