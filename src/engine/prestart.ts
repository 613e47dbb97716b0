// Loaded by index.html before the app: starts the first engine worker early (see engineWorker.ts),
// unless the page runs its engine in-process (`?engine=page`) or has no workers.
import { prestartEngineWorker } from './engineWorker';

if (typeof Worker !== 'undefined' && new URLSearchParams(location.search).get('engine') !== 'page') {
  prestartEngineWorker();
}
