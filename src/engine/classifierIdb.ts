import type { ClassifierWeights } from '../core/quality/classifier';
import type { ClassifierStore } from '../core/quality/provide';

const DB = 'latent-lab';
const STORE = 'classifiers';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB would not open'));
  });
}

function request<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  f: (s: IDBObjectStore) => IDBRequest,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const r = f(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(r.result as T);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Trained classifiers in the browser's IndexedDB, by key (typed arrays are stored as they are). */
export function idbClassifierStore(): ClassifierStore {
  return {
    async load(key) {
      if (typeof indexedDB === 'undefined') return null;
      const db = await open();
      try {
        const v = await request<ClassifierWeights | undefined>(db, 'readonly', (s) => s.get(key));
        if (v === undefined) return null;
        if (!Array.isArray(v.values) || !v.values.every((a) => a instanceof Float32Array))
          throw new Error('the stored entry is not a set of weight arrays');
        return v;
      } finally {
        db.close();
      }
    },
    async save(w) {
      if (typeof indexedDB === 'undefined') return;
      const db = await open();
      try {
        await request(db, 'readwrite', (s) => s.put(w, w.key));
      } finally {
        db.close();
      }
    },
  };
}
