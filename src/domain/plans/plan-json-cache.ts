import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { planJsonText, type PlanReads, type StoreRead } from './plan-json-text.ts';

/** How many plans' JSON is kept: ~15 KB each (Turkish text makes it two bytes a character). */
export const PLAN_JSON_CACHE_SIZE = 1000;

/** `TextEncoder`, not `Buffer`: the same rules run in the browser build (src/embed/). */
const utf8 = new TextEncoder();

interface Entry {
  /** The plan record the text was built from. */
  plan: CancellationPlan;
  json: string;
  /** The text as UTF-8, made on the first `bytes()` ask. */
  bytes?: Uint8Array;
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

  constructor(readonly capacity: number = PLAN_JSON_CACHE_SIZE) {}

  /** Exactly `JSON.stringify(serializePlan(store, plan))`. */
  json(store: Store, plan: CancellationPlan): string {
    return this.#entry(store, plan).json;
  }

  /**
   * The same text as UTF-8 bytes, kept with it: answering bytes spares encoding ~7.5 KB of
   * (mostly two-byte) text on every read. `onNewBytes` hears of each new byte array with its text
   * (the self-check reads the text, not the bytes).
   */
  bytes(store: Store, plan: CancellationPlan, onNewBytes?: (bytes: Uint8Array, text: string) => void): Uint8Array {
    const entry = this.#entry(store, plan);
    if (entry.bytes === undefined) {
      entry.bytes = utf8.encode(entry.json);
      onNewBytes?.(entry.bytes, entry.json);
    }
    return entry.bytes;
  }

  #entry(store: Store, plan: CancellationPlan): Entry {
    const kept = this.#entries.get(plan.pk);
    if (kept !== undefined && kept.plan === plan && stillAnswered(store, kept.reads)) return kept;
    const recording: PlanReads = { reads: [], cacheable: true };
    const json = planJsonText(store, plan, recording);
    const entry: Entry = { plan, json, reads: recording.reads };
    this.#entries.delete(plan.pk);
    if (recording.cacheable && this.capacity > 0) {
      if (this.#entries.size >= this.capacity)
        this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(plan.pk, entry);
    }
    return entry;
  }

  /** How many plans' text is kept (tests). */
  get size(): number {
    return this.#entries.size;
  }
}

function stillAnswered(store: Store, reads: readonly StoreRead[]): boolean {
  for (const read of reads) {
    if ((store[read.map] as Map<unknown, unknown>).get(read.key) !== read.value) return false;
  }
  return true;
}
