import type { Store } from './store.ts';

/**
 * What API writes may add to what one mock holds (docs/decisions/0022): the shared state and
 * every session together, as an estimate in bytes. Writes that grow the state — a new
 * cancellation request, a longer free-text field, a new tag on a request — spend it; writes that
 * shrink it (a withdrawal, a tag removed) give it back; a reset, reseed or import of the shared
 * state, and a session reset, deleted or evicted, free what that state had spent. Reads never
 * touch it. A state file loaded at start is the new starting point, as an import is.
 *
 * Estimates, not measurements: heap sizes are not exact per object, and a write is refused or
 * taken before it is applied. Each figure is at or above what the object was measured to hold
 * (`bench/write-growth.ts`), so the budget errs towards refusing early.
 */

/** The default: 256 MiB of estimated heap over every state's start. */
export const WRITE_BUDGET_BYTES = 256 * 1024 * 1024;
/** A new cancellation request: its record, its kept JSON and its index entries, text aside. */
export const REQUEST_BYTES = 2048;
/** An approval's new plan, its item lines and their index entries. */
export const PLAN_BYTES = 4096;
/**
 * A payment plan's entry (its object, its list, its share of the plan's kept JSON), and each
 * order item it names: 120 plans of 20,000 one-item entries held 534 MB, ~235 bytes an entry.
 */
export const PAYMENT_ENTRY_BYTES = 288;
export const PAYMENT_ITEM_BYTES = 16;
/**
 * One (request, tag) pair, at its worst: a new 64-character key on one request (its string, its
 * set of ids, its entry in both directions) held ~300 bytes; pairs of shared keys ~52.
 */
export const TAG_PAIR_BYTES = 320;
/**
 * A pair whose key is not all Latin-1 (Turkish `ş`, an emoji): V8 holds the key two bytes a unit,
 * and the journal's escaped copy is longer. Measured (rev-qa4 measure.ts, 100 keys of 64 units a
 * write): a `ş` key held 1.18 × 320, an astral one 1.51 × 320 (483 bytes).
 */
export const WIDE_TAG_PAIR_BYTES = 512;
/**
 * A generic row of an engine collection (`--spec`, MOCK_SPEC_DIR): its record and index entries,
 * and each byte of its kept JSON, which is held up to three times over (the UTF-8 answered, the
 * JSON text, the parsed values). An estimate from those copies, not measured in write-growth.ts.
 */
export const ENGINE_ROW_BYTES = 1024;
export const ENGINE_JSON_BYTE_BYTES = 4;
/**
 * A character of a free-text field: two bytes a UTF-16 unit, four when the text is not all
 * Latin-1 (`textChars` counts such a unit twice; 200,000 `ş` a description held 1.07 × 2 a unit).
 */
export const TEXT_CHAR_BYTES = 2;

const WIDE = /[^\u0000-\u00ff]/;

/** What one new (request, tag) pair spends: more for a key past Latin-1. */
export function tagPairBytes(key: string): number {
  return WIDE.test(key) ? WIDE_TAG_PAIR_BYTES : TAG_PAIR_BYTES;
}

/**
 * One mock's budget: `live` names every state that counts (the shared state and the sessions),
 * each state's spending is kept under its `requests` collection (swapped by a reset, reseed or
 * import, new for a session reset), so a replaced state's spending is gone with it.
 */
export class WriteBudget {
  readonly #spent = new WeakMap<object, number>();

  constructor(
    /** Settable at run time (tests, an embedding harness), as the session cap is. */
    public limit: number,
    private readonly live: (() => Iterable<Store>) | null = null,
  ) {}

  /** What the live states have spent together (none is below nothing: `spend` never stores less). */
  spent(): number {
    let total = 0;
    for (const store of this.live?.() ?? []) total += this.#spent.get(store.requests) ?? 0;
    return total;
  }

  /**
   * Spends `bytes` for a write to `store` when the budget holds them, and answers whether it did;
   * a negative amount (a write that frees) is always taken. Call it after every other check and
   * immediately before applying the write, with nothing awaited between: a false answer is the
   * 507, and nothing may have changed.
   */
  spend(store: Store, bytes: number, force = false): boolean {
    const own = this.#spent.get(store.requests) ?? 0;
    if (bytes > 0 && !force) {
      const others = this.spent() - (this.isLive(store) ? own : 0);
      if (others + Math.max(0, own + bytes) > this.limit) return false;
    }
    // Never below nothing: a state that removes what it did not add (a seeded tag, a seeded
    // request, what the shared state it was copied from spent) earns no credit to spend later.
    this.#spent.set(store.requests, Math.max(0, own + bytes));
    return true;
  }

  /** What `store` has spent (the state file keeps it beside the sequences, to restore on an undo). */
  ownOf(store: Store): number {
    return this.#spent.get(store.requests) ?? 0;
  }

  /** Sets what `store` has spent back to `bytes`: writes undone after a failed journal append. */
  restoreOwn(store: Store, bytes: number): void {
    this.#spent.set(store.requests, bytes);
  }

  private isLive(store: Store): boolean {
    if (this.live === null) return false;
    for (const s of this.live()) if (s === store) return true;
    return false;
  }
}

const budgets = new WeakMap<Store, WriteBudget>();

/** Makes `budget` the one `store`'s writes spend (a mock's shared state and each session). */
export function useBudget(store: Store, budget: WriteBudget): void {
  budgets.set(store, budget);
}

/**
 * Spends `bytes` of the budget `store`'s writes spend (`WriteBudget.spend`). A store no mock
 * state holds — the seeded base a dataset is applied to, a hand-made store in a test, a contract
 * scenario's fork — spends nothing and is never refused: only what clients of a running mock
 * share is budgeted.
 */
export function spendOn(store: Store, bytes: number): boolean {
  return budgets.get(store)?.spend(store, bytes, forced > 0) ?? true;
}

let forced = 0;

/**
 * Runs `make` with its writes counted but never refused: the admin's fixtures, which build
 * several records in one step and must not stop half-way (the admin API is trusted, SECURITY.md).
 */
export function unrefused<T>(make: () => T): T {
  forced += 1;
  try {
    return make();
  } finally {
    forced -= 1;
  }
}

/** The characters of a nullable text value, a unit past Latin-1 counted twice (`TEXT_CHAR_BYTES`). */
export function textChars(value: string | null | undefined): number {
  if (value == null) return 0;
  return WIDE.test(value) ? 2 * value.length : value.length;
}
