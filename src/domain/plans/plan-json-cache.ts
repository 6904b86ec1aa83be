import type { Store } from '../../store/store.ts';
import type { CancellationPlan } from '../../store/types.ts';
import { serializePlan } from './serialize-plan.ts';

/** How many plans' JSON is kept: ~15 KB each (Turkish text makes it two bytes a character). */
export const PLAN_JSON_CACHE_SIZE = 1000;

/** `TextEncoder`, not `Buffer`: the same rules run in the browser build (src/embed/). */
const utf8 = new TextEncoder();

/** One read `serializePlan` made: `store[map].get(key)` answered `value`. */
interface Read {
  map: keyof Store;
  key: unknown;
  value: unknown;
}

interface Entry {
  /** The plan record the text was built from. */
  plan: CancellationPlan;
  json: string;
  /** The text as UTF-8, made on the first `bytes()` ask. */
  bytes?: Uint8Array;
  reads: Read[];
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
 * - the text was built through a view of the store that recorded every `Map.get` it answered;
 *   on a hit each is asked again of the store given now, and the text is used only if every
 *   answer is the very same object (or `undefined` again). Same plan object, same inputs: same
 *   text, whoever wrote in between (API, fixtures, state import, another session's view);
 * - anything else the serializer touched on the store (a tag index, a sequence, a map's
 *   `values()`) marks the text uncacheable: it is answered and not kept.
 * What this relies on, beyond the immutability rule: `serializePlan` reads nothing but the plan,
 * the store and constant tables (no clock, no config) — true of a serializer by its nature.
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
    const recording: Recording = { reads: [], cacheable: true };
    const json = JSON.stringify(serializePlan(recordingView(store, recording), plan));
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

function stillAnswered(store: Store, reads: readonly Read[]): boolean {
  for (const read of reads) {
    if ((store[read.map] as Map<unknown, unknown>).get(read.key) !== read.value) return false;
  }
  return true;
}

/** What one serialisation read; `cacheable` turns false on any use other than `Map.get`. */
interface Recording {
  reads: Read[];
  cacheable: boolean;
}

/** Each store's recording view, built once: a serialisation only points it at its recording. */
const views = new WeakMap<Store, { view: Store; recording: Recording }>();

/** A view of `store` that records every `Map.get` into `recording` and notices any other use. */
function recordingView(real: Store, recording: Recording): Store {
  let entry = views.get(real);
  if (entry === undefined) {
    entry = { view: real, recording };
    const current = entry;
    const mapViews = new WeakMap<Map<unknown, unknown>, unknown>();
    const mapView = (name: keyof Store, map: Map<unknown, unknown>): unknown => {
      const get = (key: unknown): unknown => {
        const value = map.get(key);
        current.recording.reads.push({ map: name, key, value });
        return value;
      };
      return new Proxy(map, {
        get(target, prop) {
          if (prop === 'get') return get;
          current.recording.cacheable = false;
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
        set(target, prop, value) {
          current.recording.cacheable = false;
          return Reflect.set(target, prop, value, target);
        },
      });
    };
    entry.view = new Proxy(real, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (!(value instanceof Map)) {
          current.recording.cacheable = false;
          return value;
        }
        // Keyed by the map itself: a store whose collection is replaced gets a new view of it.
        let view = mapViews.get(value);
        if (view === undefined) mapViews.set(value, (view = mapView(prop as keyof Store, value)));
        return view;
      },
      set(target, prop, value) {
        current.recording.cacheable = false;
        return Reflect.set(target, prop, value, target);
      },
    });
    views.set(real, entry);
  }
  entry.recording = recording;
  return entry.view;
}
