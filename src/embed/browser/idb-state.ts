/**
 * The shared state of a page's mock kept in IndexedDB (`persist: 'indexeddb'`): one record, the
 * NDJSON of `GET /__mock/state`, written after every write and imported at start. The project
 * compiles without the DOM library, so the little of IndexedDB used here is typed here.
 */
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
}
interface IdbDatabase {
  createObjectStore(name: string): unknown;
  objectStoreNames: { contains(name: string): boolean };
  transaction(store: string, mode: 'readonly' | 'readwrite'): {
    objectStore(name: string): {
      get(key: string): IdbRequest<unknown>;
      put(value: unknown, key: string): IdbRequest<unknown>;
      delete(key: string): IdbRequest<unknown>;
    };
  };
  close(): void;
}

const DB = 'omnitron-mock';
const STORE = 'state';

function done<T>(request: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A saved state under `key`: `load()` gives the NDJSON or null, `save` replaces it. */
export interface StateRecord {
  load(): Promise<string | null>;
  save(ndjson: string): Promise<void>;
  clear(): Promise<void>;
}

export async function openStateRecord(key: string): Promise<StateRecord> {
  const factory = (globalThis as { indexedDB?: { open(name: string, version: number): IdbOpenRequest } }).indexedDB;
  if (!factory) throw new Error("persist: 'indexeddb' needs IndexedDB, which this context has not");
  const open = factory.open(DB, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  const db = await done(open);
  const store = (mode: 'readonly' | 'readwrite') => db.transaction(STORE, mode).objectStore(STORE);
  return {
    async load() {
      const value = await done(store('readonly').get(key));
      return typeof value === 'string' ? value : null;
    },
    async save(ndjson) {
      await done(store('readwrite').put(ndjson, key));
    },
    async clear() {
      await done(store('readwrite').delete(key));
    },
  };
}
