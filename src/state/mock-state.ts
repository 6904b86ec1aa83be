import { runInSlices } from '../common/run-in-slices.ts';
import type { Dataset } from '../seed/dataset-types.ts';
import { seedBaseInSlices } from '../seed/seed-base.ts';
import { createStore, type Store } from '../store/store.ts';
import { SessionTable } from './sessions.ts';
import { useBudget, WRITE_BUDGET_BYTES, WriteBudget } from '../store/write-budget.ts';
import { STATE_FORMAT, STATE_VERSION, type StateHeader } from './state-header.ts';
import { copyOwnWrites, overlayOf, replaceContents, sharedViewOf, sharedViewSteps, snapshotOf } from './store-views.ts';

/** Persists bulk replacements of the shared state (the state file; ADR 0005). */
export interface SharedPersister {
  /**
   * Makes `content` durable as the new shared state, then calls `swap` in the same synchronous
   * step that retires the old journal, so no change of the old state is replayed onto the new.
   */
  replace(content: Store, header: StateHeader, swap: () => void): Promise<void>;
}

/**
 * Every state the mock holds: the seeded store (never written after seeding: sessions, `reset`
 * and the shared state read it), the shared state (what requests without `X-Mock-Session` use:
 * a copy-on-write view of the seeded store; its identity never changes, its collections are
 * swapped), and the sessions.
 *
 * Bulk changes — reset, reseed, import — run one at a time.
 */
export class MockState {
  #base: Store;
  #seed: number;
  #size: number;
  #dataset: Dataset | null;
  readonly shared: Store;
  readonly sessions: SessionTable;
  /**
   * What API writes may add to the shared state and the sessions together (ADR 0022); its
   * `limit` is settable at run time, as the session cap is.
   */
  readonly writeBudget: WriteBudget;
  persister: SharedPersister | null = null;
  /**
   * Hears each dataset a reseed is about to load (`check: true`, may throw to refuse it) and has
   * loaded (`check: false`): the webhook subscriptions a dataset names live outside the store.
   */
  onDataset: ((dataset: Dataset, check: boolean) => void) | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #seedMore: ((store: Store, params: { seed: number; size: number }) => void) | null;

  constructor(
    base: Store,
    params: { seed: number; size: number; dataset?: Dataset | null },
    options: {
      maxSessions: number;
      now: () => string;
      /** Seeds what the domain's seed does not (the engine's generic collections, issue 20). */
      seedMore?: (store: Store, params: { seed: number; size: number }) => void;
      /** The write budget's limit (default `WRITE_BUDGET_BYTES`). */
      writeBudgetBytes?: number;
    },
  ) {
    this.#seedMore = options.seedMore ?? null;
    this.#base = base;
    this.#seed = params.seed;
    this.#size = params.size;
    this.#dataset = params.dataset ?? null;
    this.shared = sharedViewOf(base);
    this.writeBudget = new WriteBudget(options.writeBudgetBytes ?? WRITE_BUDGET_BYTES, () => this.#liveStores());
    useBudget(this.shared, this.writeBudget);
    this.sessions = new SessionTable(
      () => this.#base,
      options.maxSessions,
      options.now,
      () => snapshotOf(this.shared),
      this.writeBudget,
    );
  }

  /** The seeded store (read-only by convention). */
  get base(): Store {
    return this.#base;
  }

  /**
   * A new copy-on-write view of the seeded store that belongs to no session and no table: what an
   * isolated app (`Mock.fork()`, one per contract scenario) runs over. Costs no copy.
   */
  seededView(): Store {
    return overlayOf(this.#base);
  }

  /** The dataset loaded on the seeded store, or null. */
  get dataset(): Dataset | null {
    return this.#dataset;
  }

  /** The header every export and snapshot of this mock carries. */
  header(): StateHeader {
    return headerOf(this.#seed, this.#size, this.#dataset);
  }

  /** The shared state back to the seeded one. */
  resetShared(): Promise<void> {
    // The tag copy in slices (the base is written by nobody meanwhile); the swap at once.
    return this.#serial(async () => this.#commit(await runInSlices(sharedViewSteps(this.#base))));
  }

  /**
   * Seeds a new base with `seed` and `size`, and `dataset` on top; the shared state becomes it and
   * every session is dropped (their views were of the old base). A dataset that fails to load
   * throws before anything is replaced. Answers how many sessions were dropped.
   */
  reseed(seed: number, size: number, dataset: Dataset | null = null): Promise<number> {
    return this.#serial(async () => {
      if (dataset) this.onDataset?.(dataset, true);
      const base = createStore();
      await seedBaseInSlices(base, { seed, size, dataset });
      this.#seedMore?.(base, { seed, size });
      // Built in slices too, before anything is replaced; the swap itself is one synchronous step.
      const view = await runInSlices(sharedViewSteps(base));
      // Nothing is published before the snapshot is written: until then health, the export
      // header and new sessions still see the old base and seed, and a failed snapshot (a full
      // disk: 503) leaves all of them as they were.
      // Sessions go in the same step: none made meanwhile outlives the swap.
      let dropped = 0;
      await this.#commit(view, headerOf(seed, size, dataset), () => {
        this.#base = base;
        this.#seed = seed;
        this.#size = size;
        this.#dataset = dataset;
        dropped = this.sessions.clear();
      });
      if (dataset) this.onDataset?.(dataset, false);
      return dropped;
    });
  }

  /**
   * Adds to every state without a reseed (`--watch` found a new document, issue 20): `seed`
   * writes into a view over the seeded store, which becomes the seeded store (so reset, new
   * sessions and forks have the additions); what it wrote is then written into the shared state
   * (journaled: a state file keeps it) and into each session and the state it resets to. The
   * same bytes everywhere, and nothing `seed` did not write changes.
   */
  extendSeed(seed: (store: Store) => void): Promise<void> {
    return this.#serial(async () => {
      const base = overlayOf(this.#base);
      seed(base);
      this.#base = base;
      copyOwnWrites(base, this.shared);
      this.sessions.extend((store) => copyOwnWrites(base, store));
    });
  }

  /** Replaces the shared state with an imported one (built by `readState` into `emptyObserved()`). */
  importShared(content: Store): Promise<void> {
    return this.#serial(() => this.#commit(content));
  }

  /**
   * Replaces the shared state from a state file at start-up, keeping the base's seed parameters
   * as the file names them. Not persisted: it is what the file already holds.
   */
  loadShared(content: Store): void {
    replaceContents(this.shared, content);
  }

  /**
   * Makes `content` the shared state: durable first when there is a state file (the snapshot
   * carries `header`), then, in one synchronous step, `publish` (a reseed's new base and seed) and
   * the swap. Nothing is changed when the snapshot fails.
   */
  async #commit(content: Store, header = this.header(), publish?: () => void): Promise<void> {
    const swap = () => {
      publish?.();
      replaceContents(this.shared, content);
    };
    if (this.persister) await this.persister.replace(content, header, swap);
    else swap();
  }

  *#liveStores(): Iterable<Store> {
    yield this.shared;
    yield* this.sessions.stores();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function headerOf(seed: number, size: number, dataset: Dataset | null): StateHeader {
  return {
    format: STATE_FORMAT, version: STATE_VERSION, seed, size,
    ...(dataset && { dataset: dataset.name }),
  };
}
