import { CopyOnWriteMap } from './copy-on-write-map.ts';

/**
 * Hears every write to the shared state's collections: the state file's journal captures every
 * change at this one choke point — whatever handler made it — without any handler knowing about
 * persistence (ADR 0005).
 */
export interface MapObserver {
  /** `had`/`previous`: what the key held before, so a write can be undone (issue 19). */
  onSet(field: string, key: unknown, value: unknown, had: boolean, previous: unknown): void;
  onDelete(field: string, key: unknown, previous: unknown): void;
  onClear(field: string): void;
}

/**
 * A collection of the shared state (as seeded, reset or imported): a `CopyOnWriteMap` over the
 * seeded store's map (an empty map for an import) that tells its observer, the state file's
 * journal, about every write. Making one copies nothing (start-up and `reset` at 100,000 plans copied
 * ~1.2 M entries, ~0.25 s); its first write starts copying its own collection in the
 * background (`adoptInSlices`: slices of ≤ 10 ms, where the one-step copy of the 356,000 order
 * items at 150,000 plans blocked every request for 50–150 ms), after which it holds every entry
 * itself (a chunked map) for reads and iteration — unlike a session's view, which stays layered
 * and small. Until then it is layered, and orders its writes as a plain `Map` would. Nor does it show layers
 * to the derived indexes: the shared state is what most requests read, so its indexes are built
 * over it whole and stay exact (`value-index.ts`, `range-index.ts`).
 */
export class SharedMap<K, V> extends CopyOnWriteMap<K, V> {
  observer: MapObserver | null = null;

  /** `field`: the store field this map holds (`plans`, `orderItems`, …); the journal names it. */
  constructor(
    readonly field: string,
    base: ReadonlyMap<K, V>,
  ) {
    super(base, true);
  }

  override set(key: K, value: V): this {
    this.adoptInSlices();
    const had = this.observer !== null && super.has(key);
    const previous = had ? super.get(key) : undefined;
    super.set(key, value);
    this.observer?.onSet(this.field, key, value, had, previous);
    return this;
  }

  override delete(key: K): boolean {
    this.adoptInSlices();
    const previous = this.observer !== null ? super.get(key) : undefined;
    const had = super.delete(key);
    if (had) this.observer?.onDelete(this.field, key, previous);
    return had;
  }

  override clear(): void {
    super.clear();
    this.observer?.onClear(this.field);
  }
}
