/**
 * `import { startOmnitronWorker } from 'omnitron-mock/browser'`: the whole stateful mock inside
 * a page, answering through MSW's service worker (README "In the browser"). The build
 * (`scripts/build-browser.mjs`) compiles the specs in and leaves out what needs a server: an
 * XLSX export answers 501, webhooks are not delivered, there is no state file.
 */
import { setupWorker, type SetupWorker, type StartOptions } from 'msw/browser';
import { createMock } from './create-mock.ts';
import type { CreateMockOptions, OmnitronMock } from './embed-types.ts';
import { omnitronHandlers } from './msw.ts';
import { compiledSpecs, type CompiledSpecs } from './browser/compiled-specs.ts';
import { openStateRecord, type StateRecord } from './browser/idb-state.ts';
import { specsFromDocuments } from '../spec/load-specs.ts';
import { unpackGraph } from './spec-graph.ts';

export { DEFAULT_BASE_URL } from './msw.ts';

export interface StartOmnitronWorkerOptions extends Omit<CreateMockOptions, 'specs' | 'spec'> {
  /** Requests under this URL go to the mock (default `http://127.0.0.1:4010`; `/omnitron`: this origin). */
  baseUrl?: string;
  /**
   * `'indexeddb'`: the shared state (not sessions) is saved after every write and restored when
   * the page starts again, so a reload keeps what was approved. Default `false`: every load
   * starts from the seeded state.
   */
  persist?: 'indexeddb' | false;
  /** The IndexedDB record the state is kept under (default `state`): one per app on an origin. */
  persistKey?: string;
  /** Passed to MSW's `worker.start()` (e.g. `serviceWorker.url`, `quiet`, `onUnhandledRequest`). */
  start?: StartOptions;
}

export interface OmnitronWorker {
  /** The mock itself: `fetch`, the admin functions, `on('cancellation_plan.created')`. */
  mock: OmnitronMock;
  /** MSW's worker, started. */
  worker: SetupWorker;
  /** Forgets the saved state (no-op without persistence); the running mock keeps its state. */
  clearPersisted(): Promise<void>;
  /** Stops the worker and the mock. */
  stop(): Promise<void>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Starts the mock in this page and MSW's worker in front of it. */
export async function startOmnitronWorker(options: StartOmnitronWorkerOptions = {}): Promise<OmnitronWorker> {
  const { baseUrl, persist = false, persistKey = 'state', start, ...mockOptions } = options;
  const specs = unpackGraph<CompiledSpecs>(await compiledSpecs());
  const mock = await createMock(mockOptions, {
    specs: specsFromDocuments(specs.served),
    adminSpecs: specsFromDocuments(specs.admin),
    unrouted: specs.unrouted,
  });
  const record: StateRecord | null = persist === 'indexeddb' ? await openStateRecord(persistKey) : null;
  const saved = await record?.load();
  if (saved) await mock.state.import(saved).catch(() => record?.clear());
  let saving: Promise<void> = Promise.resolve();
  // Saved before the answer is handed over: a reload right after a write keeps it.
  const save = async () => {
    if (!record) return;
    saving = saving.then(async () => record.save(await mock.state.export())).catch(() => {});
    await saving;
  };
  const fetch: OmnitronMock['fetch'] = async (input, init) => {
    const res = await mock.fetch(input, init);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (WRITES.has(method)) await save();
    return res;
  };
  // The admin functions that change the shared state save it too (they bypass `fetch` above).
  const thenSave =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await f(...args);
      await save();
      return result;
    };
  const worker = setupWorker(...omnitronHandlers({ fetch }, baseUrl === undefined ? {} : { baseUrl }));
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass', ...start });
  return {
    mock: {
      ...mock,
      fetch,
      reset: thenSave(mock.reset),
      reseed: thenSave(mock.reseed),
      fixtures: { create: thenSave(mock.fixtures.create) },
      state: { ...mock.state, import: thenSave(mock.state.import) },
    },
    worker,
    clearPersisted: async () => record?.clear(),
    async stop() {
      worker.stop();
      await mock.close();
    },
  };
}
