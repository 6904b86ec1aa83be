import { CopyOnWriteMap } from './copy-on-write-map.ts';
import type { LayeredMap } from '../store/store-map.ts';

/**
 * A session's copy-on-write collection (ADR 0005): a `CopyOnWriteMap` over the seeded store's
 * map that shows its layers, so an index over a session asks the seeded store's index and
 * re-reads only the keys the session changed (`LayeredMap`, `value-index.ts`), instead of
 * indexing every row again per session.
 */
export class OverlayMap<K, V> extends CopyOnWriteMap<K, V> implements LayeredMap<K, V> {
  /** The map this view reads through to; null once cleared. */
  get lower(): ReadonlyMap<K, V> | null {
    return this.base;
  }

  /** Keys this view replaced, added or deleted: where it may differ from `lower`. */
  ownKeys(): Generator<K> {
    return this.changedKeys();
  }
}
