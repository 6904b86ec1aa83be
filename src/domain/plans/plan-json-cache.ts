import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { planJsonBytes, type PlanReads, type StoreRead } from './plan-json-bytes.ts';

/** How many plans' JSON is kept at most (and no more than `PLAN_JSON_CACHE_BYTES` of it). */
export const PLAN_JSON_CACHE_SIZE = 2000;

/**
 * How many bytes of plan JSON are kept at most: ~7.7 KB of UTF-8 a plan, so ~2,000 plans. Only
 * the bytes are kept (the text is decoded when asked for), so this holds twice the plans the
 * former 1,000 texts-and-bytes (~23 KB each, Turkish text makes a string two bytes a
 * character) did, in less memory.
 */
export const PLAN_JSON_CACHE_BYTES = 16 * 2 ** 20;

interface Entry {
  /** The plan record the JSON was built from. */
  plan: CancellationPlan;
  bytes: Uint8Array;
  /** The text, decoded on the first ask (tests; the routes send `bytes()`). */
  json?: string;
  reads: StoreRead[];
}

/**
 * The JSON text of `serializePlan(store, plan)`, kept for plans asked for again. Building and
 * stringifying a ~7.5 KB plan is most of what a plan detail costs the mock; a hit costs a dozen
 * `Map.get`s.
 *
 * Why a kept text is never stale — it is checked on every hit, not invalidated by writers:
 * - the text is used only for the very plan record it was built from, and stored records are
 *   immutable (a write `set`s a new object, index lists are replaced — store.ts), so one object
 *   always has one content;
 * - the text is built by `planJsonText`, which notes every `Map.get` it makes; on a hit each is
 *   asked again of the store given now, and the text is used only if every answer is the very
 *   same object (or `undefined` again). Same plan object, same inputs: same text, whoever wrote
 *   in between (API, fixtures, state import, another session's view);
 * - a collection that is not a `Map` (whose reads cannot be trusted to be asked again) marks the
 *   text uncacheable: it is answered and not kept.
 * What this relies on, beyond the immutability rule: `planJsonText` reads nothing but the plan,
 * the store through those noted reads, and constant tables (no clock, no config).
 */
export class PlanJsonCache {
  /**
   * By plan pk, oldest first (a `Map` keeps insertion order): the first is dropped when full.
   * Keyed by pk, not by record: a written plan's new text takes its old one's place instead of
   * crowding out another plan's (by record, a store of `capacity` plans under writes missed on
   * every read — first in, first out over a cycle longer than the cache).
   */
  readonly #entries = new Map<number, Entry>();
  #bytes = 0;

  constructor(
    readonly capacity: number = PLAN_JSON_CACHE_SIZE,
    readonly capacityBytes: number = PLAN_JSON_CACHE_BYTES,
  ) {}

  /** Exactly `JSON.stringify(serializePlan(store, plan))`. */
  json(store: Store, plan: CancellationPlan): string {
    const entry = this.#entry(store, plan);
    return (entry.json ??= decoder.decode(entry.bytes));
  }

  /**
   * The same JSON as UTF-8 bytes — what is kept: answering bytes spares encoding ~7.7 KB of
   * (mostly two-byte) text on every read; no text is made.
   */
  bytes(store: Store, plan: CancellationPlan): Uint8Array {
    return this.#entry(store, plan).bytes;
  }

  #entry(store: Store, plan: CancellationPlan): Entry {
    const kept = this.#entries.get(plan.pk);
    if (kept !== undefined && kept.plan === plan && stillAnswered(store, kept.reads)) return kept;
    const recording: PlanReads = { reads: [], cacheable: true };
    const entry: Entry = { plan, bytes: planJsonBytes(store, plan, recording), reads: recording.reads };
    this.#drop(plan.pk);
    const size = entry.bytes.byteLength;
    if (recording.cacheable && this.capacity > 0 && size <= this.capacityBytes) {
      while (this.#entries.size >= this.capacity || this.#bytes + size > this.capacityBytes) this.#drop(this.#entries.keys().next().value!);
      this.#entries.set(plan.pk, entry);
      this.#bytes += size;
    }
    return entry;
  }

  #drop(pk: number): void {
    const entry = this.#entries.get(pk);
    if (entry === undefined) return;
    this.#entries.delete(pk);
    this.#bytes -= entry.bytes.byteLength;
  }

  /** How many plans' JSON is kept (tests). */
  get size(): number {
    return this.#entries.size;
  }

  /** How many bytes of JSON are kept (tests). */
  get keptBytes(): number {
    return this.#bytes;
  }
}

const decoder = new TextDecoder();

function stillAnswered(store: Store, reads: readonly StoreRead[]): boolean {
  for (const read of reads) {
    if ((store[read.map] as Map<unknown, unknown>).get(read.key) !== read.value) return false;
  }
  return true;
}
