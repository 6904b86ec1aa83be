import type { Store } from '../store/store.ts';
import { overlayOf } from './store-views.ts';
import { useBudget, type WriteBudget } from '../store/write-budget.ts';

/** The request header that names a caller's session. */
export const SESSION_HEADER = 'X-Mock-Session';
/**
 * The request header that says what a new session starts from: `seed` (the seeded state, the
 * default) or `shared` (the shared state as it is at that moment). Read only when the request
 * creates the session.
 */
export const SESSION_FROM_HEADER = 'X-Mock-Session-From';
export const SESSION_ORIGINS = ['seed', 'shared'] as const;
export type SessionOrigin = (typeof SESSION_ORIGINS)[number];

/** Why an `X-Mock-Session-From` value is refused, or null when it is fine. */
export function sessionFromProblem(value: string): string | null {
  return (SESSION_ORIGINS as readonly string[]).includes(value)
    ? null
    : `${SESSION_FROM_HEADER} must be "seed" or "shared".`;
}

/** The response header that names a session dropped to make room for a new one. */
export const EVICTED_HEADER = 'X-Mock-Session-Evicted';
/** How many sessions live at once by default: enough for a parallel E2E suite's workers. */
export const DEFAULT_MAX_SESSIONS = 50;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Why a session name is refused, or null when it is fine. */
export function sessionNameProblem(name: string): string | null {
  return NAME.test(name)
    ? null
    : `${SESSION_HEADER} must be 1 to 64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`;
}

export interface SessionInfo {
  name: string;
  created: string;
  last_used: string;
  requests: number;
  /** Map entries this session holds itself (written or replaced); 0 for a fresh copy. */
  changed_entries: number;
  /** What it started from, and what `POST /__mock/reset` returns it to. */
  from: SessionOrigin;
}

interface Session {
  name: string;
  store: Store;
  from: SessionOrigin;
  /** The state it started from: the seeded store, or a frozen snapshot of the shared state. */
  origin: Store;
  created: string;
  lastUsed: string;
  requests: number;
}

/**
 * Per-caller state for parallel E2E suites: each `X-Mock-Session` name gets its own copy of the
 * seeded state — or, asked for, of the shared state as it is when the session is made — created
 * on first use as copy-on-write views (cheap at any size), and dropped least-recently-used first
 * once `max` sessions exist.
 */
export class SessionTable {
  /** Least recently used first: a `Map` keeps insertion order, and a use re-inserts. */
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly base: () => Store,
    /** The cap; settable at run time (tests, an embedding harness). */
    public max: number,
    private readonly now: () => string,
    /** A frozen snapshot of the shared state (`snapshotOf`), for sessions made `from: shared`. */
    private readonly sharedSnapshot: () => Store = base,
    /** What every session's writes spend, with the shared state's (`MockState.writeBudget`). */
    private readonly budget: WriteBudget | null = null,
  ) {}

  /** Every session's state, for the write budget's total. */
  *stores(): Iterable<Store> {
    for (const session of this.#sessions.values()) yield session.store;
  }

  #budgeted(store: Store): Store {
    if (this.budget) useBudget(store, this.budget);
    return store;
  }

  /**
   * The session's store, created on first use from `from` (ignored for an existing session);
   * `evicted` names a session dropped to make room.
   */
  use(name: string, from: SessionOrigin = 'seed'): { store: Store; evicted: string | null } {
    const at = this.now();
    let session = this.#sessions.get(name);
    let evicted: string | null = null;
    if (session) this.#sessions.delete(name);
    else {
      if (this.#sessions.size >= this.max) {
        evicted = this.#sessions.keys().next().value ?? null;
        if (evicted !== null) this.#sessions.delete(evicted);
      }
      const origin = from === 'shared' ? this.sharedSnapshot() : this.base();
      session = {
        name,
        store: this.#budgeted(overlayOf(origin)),
        from,
        origin,
        created: at,
        lastUsed: at,
        requests: 0,
      };
    }
    session.lastUsed = at;
    session.requests += 1;
    this.#sessions.set(name, session);
    return { store: session.store, evicted };
  }

  /**
   * The session's store if it exists, without using it: nothing is created, evicted, counted or
   * moved in the least-recently-used order (a request that did not authenticate, SECURITY.md).
   */
  peek(name: string): Store | undefined {
    return this.#sessions.get(name)?.store;
  }

  /** Gives the session a fresh copy of the state it started from (`POST /__mock/reset` with the header). */
  reset(name: string): void {
    const session = this.#sessions.get(name);
    if (session) session.store = this.#budgeted(overlayOf(session.origin));
  }

  /** Makes `store` the session's state (`PUT /__mock/state` with the header). */
  replace(name: string, store: Store): void {
    const session = this.#sessions.get(name);
    if (session) session.store = this.#budgeted(store);
  }

  delete(name: string): boolean {
    return this.#sessions.delete(name);
  }

  /**
   * Writes `add` into each session's state and into a new view of the state it resets to
   * (`MockState.extendSeed`): the session keeps its own changes and gains the additions.
   */
  extend(add: (store: Store) => void): void {
    for (const session of this.#sessions.values()) {
      add(session.store);
      const origin = overlayOf(session.origin);
      add(origin);
      session.origin = origin;
    }
  }

  /** Drops every session (a reseed makes their base stale); answers how many there were. */
  clear(): number {
    const n = this.#sessions.size;
    this.#sessions.clear();
    return n;
  }

  /** Most recently used first. */
  list(): SessionInfo[] {
    return [...this.#sessions.values()].reverse().map((s) => ({
      name: s.name,
      created: s.created,
      last_used: s.lastUsed,
      requests: s.requests,
      changed_entries: changedRecords(s.store),
      from: s.from,
    }));
  }
}

function changedRecords(store: Store): number {
  let n = 0;
  for (const value of Object.values(store)) {
    const own = (value as { ownSize?: unknown }).ownSize;
    if (typeof own === 'number') n += own;
  }
  return n;
}
