import { CopyOnWriteMap } from '../store/copy-on-write-map.ts';
import type { MapObserver } from './observed-map.ts';

/**
 * A collection of the shared state as seeded or reset: a `CopyOnWriteMap` over the seeded
 * store's map that tells its observer (the state file's journal) about every write, as an
 * `ObservedMap` does. Unlike a session's `OverlayMap` it does not show its layers: the shared
 * state is what most requests read, so its derived indexes are built over it whole and stay
 * exact (`value-index.ts`, `range-index.ts`).
 */
export class SharedMap<K, V> extends CopyOnWriteMap<K, V> {
  observer: MapObserver | null = null;

  /** `field`: the store field this map holds (`plans`, `orderItems`, …); the journal names it. */
  constructor(
    readonly field: string,
    base: ReadonlyMap<K, V>,
  ) {
    super(base);
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    this.observer?.onSet(this.field, key, value);
    return this;
  }

  override delete(key: K): boolean {
    const had = super.delete(key);
    if (had) this.observer?.onDelete(this.field, key);
    return had;
  }

  override clear(): void {
    super.clear();
    this.observer?.onClear(this.field);
  }
}
