import { BACKGROUND_SLICE_MS, runInSlices } from '../common/run-in-slices.ts';
import { noteStoreWrite } from './write-count.ts';
import type { AscendingRun } from './candidates.ts';
import { PostingList } from './posting-list.ts';

/**
 * Tags as sets, with the reverse index that the `tag`, `tag__exclude`, `filter_tags` and
 * `exclude_tags` filters need. One model serves every tagged resource (plans and requests), so
 * the set semantics are written once.
 *
 * `snapshot()` copies the index as it is without copying it (a session made `from: shared` at
 * 150,000 plans copied ~120,000 tag sets in one block of 80–100 ms): the maps become a frozen
 * layer under this index and under the copy, whose writes then copy a set into their own layer
 * the first time they change it. Layers are merged into one in the background.
 */
export class TagIndex {
  /** How long a slice of a background merge of frozen layers may run (tests: 0, a turn a layer). */
  static mergeSliceMs = BACKGROUND_SLICE_MS;
  /** Every object's whole tag set (an empty set hides a layer's below); objects in tagging order. */
  private byObject = new Map<number, Set<string>>();
  /** Every tag's whole id set (an empty set hides a layer's below). */
  private byTag = new Map<string, Set<number>>();
  /** The frozen layers under this one (`snapshot`), or null when this layer holds everything. */
  private below: TagIndex | null = null;
  private frozen = false;
  /** The background merge of the layers below, if one is under way. */
  private merging: Promise<void> | null = null;
  /**
   * Tags' answering id sets in key order, made by the first `ascendingIdsWith` of a tag and kept
   * exact by `add`/`remove` (dropped by `clear` and the copies): a list by tag reads a page by
   * position and counts without a walk. Only this object's: a snapshot's copy makes its own.
   */
  private sortedIds = new Map<string, PostingList>();

  /**
   * Makes this (empty) index hold `source`'s tags, set by set: the shared state's copy of the
   * seeded tags at start-up and on every reset (a few hundred thousand pairs at 100,000 plans,
   * ~3× faster than adding them pair by pair). Only for an index that keeps its tags in these
   * maps, not for a view that overrides the readers (a session's `OverlayTagIndex`).
   */
  protected copyFrom(source: TagIndex): void {
    this.sortedIds.clear();
    source.objects().forEach((tags, id) => {
      if (tags.size > 0) this.byObject.set(id, new Set(tags));
    });
    source.tags().forEach((ids, tag) => {
      if (ids.size > 0) this.byTag.set(tag, new Set(ids));
    });
  }

  /**
   * `copyFrom` as steps that yield every `COPY_STEP` objects, for a reseed on a running server
   * (issue 19: the copy of a 150,000-plan seed's tags was one block of ~70–140 ms). `source` must
   * not change until the last step: the seeded store a reseed copies is written by nobody.
   */
  protected *copyFromSteps(source: TagIndex): Generator<void, void> {
    this.sortedIds.clear();
    let n = 0;
    for (const [id, tags] of source.objects()) {
      if (tags.size > 0) this.byObject.set(id, new Set(tags));
      if (++n % COPY_STEP === 0) yield;
    }
    for (const [tag, ids] of source.tags()) {
      if (ids.size > 0) this.byTag.set(tag, new Set(ids));
      yield;
    }
  }

  /** Tags of one object, sorted (the order the API answers them in). */
  tagsOf(id: number): string[] {
    return [...(this.objectTags(id) ?? [])].sort();
  }

  has(id: number, tag: string): boolean {
    return this.objectTags(id)?.has(tag) ?? false;
  }

  /** Ids carrying `tag`; an empty set for an unknown tag. */
  idsWith(tag: string): ReadonlySet<number> {
    for (let layer: TagIndex | null = this; layer !== null; layer = layer.below) {
      const ids = layer.byTag.get(tag);
      if (ids !== undefined) return ids;
    }
    return EMPTY;
  }

  /**
   * The ids carrying `tag`, ascending, in one run (issue 26: `tag=X` at 100,000 plans counted by a
   * walk of every carrier and read deep pages from the top): the arrays are this index's own — read
   * them at once, before the next write. Null when an id is not an integer in 0…2³²−1.
   */
  ascendingIdsWith(tag: string): AscendingRun | null {
    let list = this.sortedIds.get(tag);
    if (list === undefined) {
      const ids = this.idsWith(tag);
      if (ids.size < 2) return { keys: [...ids], from: 0, to: ids.size };
      const sorted = Float64Array.from(ids).sort();
      list = new PostingList(sorted[0]!, sorted[1]!);
      for (let i = 2; i < sorted.length; i += 1) list.add(sorted[i]!);
      this.sortedIds.set(tag, list);
    }
    return list.ascending();
  }

  add(id: number, tag: string): void {
    const tags = this.ownObjectTags(id);
    if (!tags.has(tag)) noteStoreWrite();
    tags.add(tag);
    this.ownTagIds(tag).add(id);
    this.sortedIds.get(tag)?.add(id);
  }

  /** Removing an absent tag is not an error (issue 6). */
  remove(id: number, tag: string): void {
    if (this.objectTags(id)?.has(tag)) {
      this.ownObjectTags(id).delete(tag);
      noteStoreWrite();
    }
    if (!this.idsWith(tag).has(id)) return;
    const ids = this.ownTagIds(tag);
    ids.delete(id);
    const sorted = this.sortedIds.get(tag);
    if (sorted !== undefined) {
      sorted.delete(id);
      if (sorted.size < 2) this.sortedIds.delete(tag);
    }
    if (ids.size === 0 && this.below === null) this.byTag.delete(tag);
  }

  /**
   * Adds every tag to every object: the bulk and "many" forms (issue 6). The caller checks every
   * id and key first; this cannot fail halfway, so a bulk write is all or nothing. Built on
   * `add`, so a subclass that watches or copies on write (sessions, the journal) sees each change.
   */
  addAll(ids: Iterable<number>, tags: readonly string[]): void {
    for (const id of ids) for (const tag of tags) this.add(id, tag);
  }

  /** Removes every tag from every object; absent tags are skipped. Built on `remove`, like `addAll`. */
  removeAll(ids: Iterable<number>, tags: readonly string[]): void {
    for (const id of ids) for (const tag of tags) this.remove(id, tag);
  }

  /** Every (id, tags) pair, for snapshots. */
  entries(): Array<[number, string[]]> {
    const out: Array<[number, string[]]> = [];
    for (const [id, tags] of this.objects()) if (tags.size > 0) out.push([id, [...tags].sort()]);
    return out;
  }

  clear(): void {
    this.writable();
    noteStoreWrite();
    this.byObject.clear();
    this.byTag.clear();
    this.sortedIds.clear();
    this.below = null;
  }

  /**
   * A copy of this index as it is now, at no copy: the base of a session made `from: shared`.
   * Unless nothing was written since the last one, this index's maps move into a new frozen
   * layer (its writes throw) under this index, and the copy is a new index over that layer: each
   * copies a set into its own layer the first time it changes it, so neither sees the other's
   * writes. The layers under this index are merged into one in 10 ms slices in the background,
   * so that reads go through at most a few.
   */
  snapshot(): TagIndex {
    this.writable();
    const copy = new TagIndex();
    copy.below = this.frozenLayer();
    return copy;
  }

  private frozenLayer(): TagIndex {
    if (this.below !== null && this.byObject.size === 0 && this.byTag.size === 0) return this.below;
    const layer = new TagIndex();
    layer.byObject = this.byObject;
    layer.byTag = this.byTag;
    layer.below = this.below;
    layer.frozen = true;
    this.byObject = new Map();
    this.byTag = new Map();
    this.below = layer;
    if (layer.below !== null) this.merging = runInSlices(this.mergeSteps(layer), TagIndex.mergeSliceMs);
    return layer;
  }

  /** Resolves when no merge of frozen layers is under way (tests). */
  async settled(): Promise<void> {
    while (this.merging !== null) {
      const merging = this.merging;
      await merging;
      if (this.merging === merging) this.merging = null;
    }
  }

  /** Merges `top` and the layers under it into one frozen layer, then puts that one in their place. */
  private *mergeSteps(top: TagIndex): Generator<void, void> {
    const layers: TagIndex[] = [];
    for (let layer: TagIndex | null = top; layer !== null; layer = layer.below) layers.unshift(layer);
    const merged = new TagIndex();
    merged.frozen = true;
    let n = 0;
    // Bottom first: an object keeps the place it was first tagged at, and takes the top layer's set.
    // The frozen sets themselves are shared: nobody writes them.
    for (const layer of layers) {
      for (const [id, tags] of layer.byObject) {
        merged.byObject.set(id, tags);
        if (++n % COPY_STEP === 0) yield;
      }
      for (const [tag, ids] of layer.byTag) {
        merged.byTag.set(tag, ids);
        if (++n % COPY_STEP === 0) yield;
      }
      yield;
    }
    // Another snapshot in the meantime put a layer over `top`: its own merge covers this one.
    if (this.below !== top) return;
    this.below = merged;
  }

  /** The set that answers for `id`, looking down through the layers (undefined: never tagged). */
  private objectTags(id: number): ReadonlySet<string> | undefined {
    for (let layer: TagIndex | null = this; layer !== null; layer = layer.below) {
      const tags = layer.byObject.get(id);
      if (tags !== undefined) return tags;
    }
    return undefined;
  }

  /** `id`'s set in this layer, copied from below the first time this layer changes it. */
  private ownObjectTags(id: number): Set<string> {
    this.writable();
    let tags = this.byObject.get(id);
    if (tags === undefined) this.byObject.set(id, (tags = new Set(this.below?.objectTags(id))));
    return tags;
  }

  /** `tag`'s id set in this layer, copied from below the first time this layer changes it. */
  private ownTagIds(tag: string): Set<number> {
    this.writable();
    let ids = this.byTag.get(tag);
    if (ids === undefined) this.byTag.set(tag, (ids = new Set(this.below?.idsWith(tag))));
    return ids;
  }

  /** Every object's answering set, in tagging order (the order a flat index keeps). */
  private objects(): Map<number, ReadonlySet<string>> {
    if (this.below === null) return this.byObject;
    const out = new Map(this.below.objects());
    for (const [id, tags] of this.byObject) out.set(id, tags);
    return out;
  }

  /** Every tag's answering id set. */
  private tags(): Map<string, ReadonlySet<number>> {
    if (this.below === null) return this.byTag;
    const out = new Map(this.below.tags());
    for (const [tag, ids] of this.byTag) out.set(tag, ids);
    return out;
  }

  private writable(): void {
    if (this.frozen) throw new Error('a frozen tag index is never written');
  }
}

const EMPTY: ReadonlySet<number> = new Set();
/** Objects whose tags are copied between two chances to pause. */
const COPY_STEP = 4096;
