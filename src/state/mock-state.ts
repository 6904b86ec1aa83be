import { seedStoreInSlices } from '../seed/seed-store.ts';
import { createStore, type Store } from '../store/store.ts';
import { SessionTable } from './sessions.ts';
import { STATE_FORMAT, STATE_VERSION, type StateHeader } from './state-header.ts';
import { overlayOf, replaceContents, sharedViewOf } from './store-views.ts';

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
  readonly shared: Store;
  readonly sessions: SessionTable;
  persister: SharedPersister | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    base: Store,
    params: { seed: number; size: number },
    options: { maxSessions: number; now: () => string },
  ) {
    this.#base = base;
    this.#seed = params.seed;
    this.#size = params.size;
    this.shared = sharedViewOf(base);
    this.sessions = new SessionTable(() => this.#base, options.maxSessions, options.now);
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

  /** The header every export and snapshot of this mock carries. */
  header(): StateHeader {
    return { format: STATE_FORMAT, version: STATE_VERSION, seed: this.#seed, size: this.#size };
  }

  /** The shared state back to the seeded one. */
  resetShared(): Promise<void> {
    return this.#serial(() => this.#commit(sharedViewOf(this.#base)));
  }

  /**
   * Seeds a new base with `seed` and `size`; the shared state becomes it and every session is
   * dropped (their views were of the old base). Answers how many sessions were dropped.
   */
  reseed(seed: number, size: number): Promise<number> {
    return this.#serial(async () => {
      const base = createStore();
      await seedStoreInSlices(base, { seed, size });
      const previous = { base: this.#base, seed: this.#seed, size: this.#size };
      this.#base = base;
      this.#seed = seed;
      this.#size = size;
      try {
        await this.#commit(sharedViewOf(base));
      } catch (err) {
        this.#base = previous.base;
        this.#seed = previous.seed;
        this.#size = previous.size;
        throw err;
      }
      return this.sessions.clear();
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

  async #commit(content: Store): Promise<void> {
    const swap = () => replaceContents(this.shared, content);
    if (this.persister) await this.persister.replace(content, this.header(), swap);
    else swap();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
