import type { Store } from '../store/store.ts';
import { overlayOf } from './store-views.ts';

/** The request header that names a caller's session. */
export const SESSION_HEADER = 'X-Mock-Session';
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
}

interface Session {
  name: string;
  store: Store;
  created: string;
  lastUsed: string;
  requests: number;
}

/**
 * Per-caller state for parallel E2E suites: each `X-Mock-Session` name gets its own copy of the
 * seeded state, created on first use as copy-on-write views of the seeded store (cheap at any
 * size), and dropped least-recently-used first once `max` sessions exist.
 */
export class SessionTable {
  /** Least recently used first: a `Map` keeps insertion order, and a use re-inserts. */
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly base: () => Store,
    /** The cap; settable at run time (tests, an embedding harness). */
    public max: number,
    private readonly now: () => string,
  ) {}

  /** The session's store, created on first use; `evicted` names a session dropped to make room. */
  use(name: string): { store: Store; evicted: string | null } {
    const at = this.now();
    let session = this.#sessions.get(name);
    let evicted: string | null = null;
    if (session) this.#sessions.delete(name);
    else {
      if (this.#sessions.size >= this.max) {
        evicted = this.#sessions.keys().next().value ?? null;
        if (evicted !== null) this.#sessions.delete(evicted);
      }
      session = { name, store: overlayOf(this.base()), created: at, lastUsed: at, requests: 0 };
    }
    session.lastUsed = at;
    session.requests += 1;
    this.#sessions.set(name, session);
    return { store: session.store, evicted };
  }

  /** Gives the session a fresh copy of the seeded state (`POST /__mock/reset` with the header). */
  reset(name: string): void {
    const session = this.#sessions.get(name);
    if (session) session.store = overlayOf(this.base());
  }

  /** Makes `store` the session's state (`PUT /__mock/state` with the header). */
  replace(name: string, store: Store): void {
    const session = this.#sessions.get(name);
    if (session) session.store = store;
  }

  delete(name: string): boolean {
    return this.#sessions.delete(name);
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
