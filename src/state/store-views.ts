import { runToEnd } from '../common/run-in-slices.ts';
import { createStore, type Store } from '../store/store.ts';
import { CopyOnWriteMap } from './copy-on-write-map.ts';
import { TagIndex } from '../store/tag-index.ts';
import { ObservedTagIndex, type TagObserver } from './observed-tag-index.ts';
import { OverlayMap } from './overlay-map.ts';
import { OverlayTagIndex } from './overlay-tag-index.ts';
import { SharedMap, type MapObserver } from './shared-map.ts';

/**
 * The admin API handles a store generically, field by field, so that a collection added to
 * `Store` later is exported, imported, journaled and copy-on-written without changes here:
 * - `map`: a `Map` (records by pk, or an index of pk lists);
 * - `tags`: a record of `TagIndex`es (`store.tags`);
 * - `record`: a flat record of numbers (`store.sequences`).
 * A field of any other shape stops the mock at start-up, naming it, rather than being lost.
 */
export type FieldKind = 'map' | 'tags' | 'record';

export interface StoreField {
  name: string;
  kind: FieldKind;
}

/** The fields of a store, in declaration order (the order exports write them in). */
export function storeFields(store: Store): StoreField[] {
  return Object.entries(store).map(([name, value]) => ({ name, kind: kindOf(name, value) }));
}

function kindOf(name: string, value: unknown): FieldKind {
  if (value instanceof Map) return 'map';
  if (typeof value === 'object' && value !== null) {
    const values = Object.values(value);
    if (values.length > 0 && values.every((v) => v instanceof TagIndex)) return 'tags';
    if (values.every((v) => typeof v === 'number')) return 'record';
  }
  throw new Error(`store field "${name}" has a shape the admin state code does not handle`);
}

type Fields = Record<string, unknown>;

/** The fields of a store as a plain record, for generic access. */
export function fieldsOf(store: Store): Fields {
  return store as unknown as Fields;
}

/**
 * The shared state over `source` (the seeded store): each collection a `SharedMap`, a
 * copy-on-write view that reports every write to the journal, so making it — at start-up and on
 * every `reset` — costs nothing whatever the seed's size. Tag sets are mutable, so tags are
 * copied (observed); the sequence record is copied.
 */
export function sharedViewOf(source: Store): Store {
  return runToEnd(sharedViewSteps(source));
}

/**
 * `sharedViewOf` as steps that yield while the tags are copied: a reseed builds the new shared
 * state in slices on a running server, then swaps it in at once (`replaceContents`).
 */
export function* sharedViewSteps(source: Store): Generator<void, Store> {
  const out: Fields = {};
  const from = fieldsOf(source);
  for (const { name, kind } of storeFields(source)) {
    const value = from[name];
    if (kind === 'map') out[name] = new SharedMap(name, value as Map<unknown, unknown>);
    else if (kind === 'tags') {
      const copies: Record<string, TagIndex> = {};
      for (const [resource, index] of Object.entries(value as Record<string, TagIndex>)) {
        copies[resource] = yield* ObservedTagIndex.copySteps(resource, index);
      }
      out[name] = copies;
    } else out[name] = { ...(value as Record<string, number>) };
  }
  return out as unknown as Store;
}

/** An empty store of observed collections: what an import fills before it replaces the state. */
export function emptyObserved(): Store {
  const out: Fields = {};
  const empty = createStore();
  const from = fieldsOf(empty);
  for (const { name, kind } of storeFields(empty)) {
    const value = from[name];
    if (kind === 'map') out[name] = new SharedMap(name, new Map());
    else if (kind === 'tags')
      out[name] = mapValues(value as Record<string, TagIndex>, (_t, r) => new ObservedTagIndex(r));
    else out[name] = { ...(value as Record<string, number>) };
  }
  return out as unknown as Store;
}

/** A session's store: copy-on-write views over `base`, cheap whatever the base's size. */
export function overlayOf(base: Store): Store {
  const out: Fields = {};
  const from = fieldsOf(base);
  for (const { name, kind } of storeFields(base)) {
    const value = from[name];
    if (kind === 'map') out[name] = new OverlayMap(value as Map<unknown, unknown>);
    else if (kind === 'tags')
      out[name] = mapValues(value as Record<string, TagIndex>, (t) => new OverlayTagIndex(t));
    else out[name] = { ...(value as Record<string, number>) };
  }
  return out as unknown as Store;
}

/**
 * Writes into `to` every entry `from` (an `overlayOf` view) changed in its collections: what a
 * seeding step added over the seeded store. Tag indexes and sequence records are not copied (the
 * engine's generic collections, the one caller, keep neither).
 */
export function copyOwnWrites(from: Store, to: Store): void {
  const source = fieldsOf(from);
  const target = fieldsOf(to);
  for (const { name, kind } of storeFields(from)) {
    const view = source[name];
    if (kind !== 'map' || !(view instanceof OverlayMap)) continue;
    const into = target[name] as Map<unknown, unknown>;
    for (const key of view.ownKeys()) {
      const value = view.get(key);
      if (value === undefined) into.delete(key);
      else into.set(key, value);
    }
  }
}

/**
 * `store` as it is now, as a store nobody writes: the base of a session that starts from the
 * shared state, and what `POST /__mock/reset` returns that session to. Collections are frozen
 * copy-on-write (`CopyOnWriteMap.freeze`: no copy now), tag indexes too (`TagIndex.snapshot`);
 * sequences are copied.
 */
export function snapshotOf(store: Store): Store {
  const out: Fields = {};
  const from = fieldsOf(store);
  for (const { name, kind } of storeFields(store)) {
    const value = from[name];
    if (kind === 'map')
      out[name] =
        value instanceof CopyOnWriteMap
          ? value.freeze()
          : new CopyOnWriteMap(new Map(value as Map<unknown, unknown>));
    else if (kind === 'tags')
      // Unobserved copies at no copy (`TagIndex.snapshot`; a session's layered view is copied
      // set by set): plain tag indexes, no observer is ever set on them.
      out[name] = mapValues(value as Record<string, TagIndex>, (t, r) =>
        t instanceof OverlayTagIndex ? ObservedTagIndex.copyOf(r, t) : t.snapshot(),
      );
    else out[name] = { ...(value as Record<string, number>) };
  }
  return out as unknown as Store;
}

/**
 * Makes `target` hold `source`'s collections (same objects, no copy). The shared store keeps its
 * identity — `mock.store` and every `c.get('store')` stay valid — while its contents are swapped in
 * one synchronous step.
 */
export function replaceContents(target: Store, source: Store): void {
  const to = fieldsOf(target);
  const from = fieldsOf(source);
  for (const { name } of storeFields(target)) to[name] = from[name];
}

/** Points every observed collection of `store` at `observer` (null detaches). */
export function observe(store: Store, observer: (MapObserver & TagObserver) | null): void {
  const fields = fieldsOf(store);
  for (const { name, kind } of storeFields(store)) {
    const value = fields[name];
    if (kind === 'map' && value instanceof SharedMap) value.observer = observer;
    if (kind === 'tags') {
      for (const index of Object.values(value as Record<string, TagIndex>)) {
        if (index instanceof ObservedTagIndex) index.observer = observer;
      }
    }
  }
}

function mapValues<T, U>(
  record: Record<string, T>,
  f: (value: T, key: string) => U,
): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v, k)]));
}
