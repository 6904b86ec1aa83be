import { StoreMap } from '../store/store-map.ts';

/**
 * A `Map` that tells an observer about every write. An imported shared state is built from these
 * (a seeded or reset one from `SharedMap`s, which report the same way), so the state file's
 * journal captures every change at one choke point — whatever handler made it — without any
 * handler knowing about persistence (ADR 0005).
 *
 * Reads are the plain `Map`'s, at native speed; only `set`, `delete` and `clear` pay one call
 * (and, as a `StoreMap`, tell the derived indexes).
 */
export interface MapObserver {
  onSet(field: string, key: unknown, value: unknown): void;
  onDelete(field: string, key: unknown): void;
  onClear(field: string): void;
}

export class ObservedMap<K, V> extends StoreMap<K, V> {
  /** The store field this map holds (`plans`, `orderItems`, …): the journal names it. */
  field = '';
  observer: MapObserver | null = null;

  /** An empty map holding store field `field`, observed by nobody yet. */
  static empty<K, V>(field: string): ObservedMap<K, V> {
    const map = new ObservedMap<K, V>();
    map.field = field;
    return map;
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
