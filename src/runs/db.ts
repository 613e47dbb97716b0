import { openDB, type IDBPDatabase } from 'idb';
import { validateSavedRun } from '../config/validate';
import type { RunRecord } from './record';

/** Saved runs in IndexedDB (one object store keyed by id), through the small `idb` wrapper. */
const DB = 'latent-lab';
const STORE = 'runs';

export interface RunSummary {
  id: string;
  name: string;
  created: number;
  kind: string;
  step: number;
  backend: string | null;
  thumbnail: Uint8Array | null;
}

let db: Promise<IDBPDatabase> | null = null;
function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 1, {
    upgrade(d) {
      if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE, { keyPath: 'id' });
    },
  });
  return db;
}

export async function putRun(r: RunRecord): Promise<void> {
  await (await open()).put(STORE, r);
}

/** Every saved run, newest first, without its arrays (the list and compare views need only these). */
export async function listRuns(): Promise<RunSummary[]> {
  const all = (await (await open()).getAll(STORE)) as RunRecord[];
  return all
    .filter((r) => r && typeof r.id === 'string')
    .map((r) => ({
      id: r.id,
      name: String(r.name),
      created: Number(r.created),
      kind: String(r.config?.kind ?? '?'),
      step: Number(r.weights?.step ?? 0),
      backend: r.backend ?? null,
      thumbnail: r.thumbnail instanceof Uint8Array ? r.thumbnail : null,
    }))
    .sort((a, b) => b.created - a.created);
}

/** A saved run, checked; an error names what is wrong with it. */
export async function getRun(
  id: string,
): Promise<{ ok: true; run: RunRecord } | { ok: false; error: string }> {
  const raw = await (await open()).get(STORE, id);
  if (raw === undefined) return { ok: false, error: `there is no saved run ${id}` };
  const check = validateSavedRun(raw);
  return check.ok ? { ok: true, run: check.value } : { ok: false, error: check.error.message };
}

export async function renameRun(id: string, name: string): Promise<void> {
  const d = await open();
  const tx = d.transaction(STORE, 'readwrite');
  const r = (await tx.store.get(id)) as RunRecord | undefined;
  if (r) await tx.store.put({ ...r, name });
  await tx.done;
}

export async function deleteRun(id: string): Promise<void> {
  await (await open()).delete(STORE, id);
}
