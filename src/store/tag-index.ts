import { noteStoreWrite } from './write-count.ts';

/**
 * Tags as sets, with the reverse index that the `tag`, `tag__exclude`, `filter_tags` and
 * `exclude_tags` filters need. One model serves every tagged resource (plans and requests), so
 * the set semantics are written once.
 */
export class TagIndex {
  private readonly byObject = new Map<number, Set<string>>();
  private readonly byTag = new Map<string, Set<number>>();

  /**
   * Makes this (empty) index hold `source`'s tags, set by set: the shared state's copy of the
   * seeded tags at start-up and on every reset (a few hundred thousand pairs at 100,000 plans,
   * ~3× faster than adding them pair by pair). Only for an index that keeps its tags in these
   * maps, not for a view that overrides the readers (a session's `OverlayTagIndex`).
   */
  protected copyFrom(source: TagIndex): void {
    source.byObject.forEach((tags, id) => {
      if (tags.size > 0) this.byObject.set(id, new Set(tags));
    });
    source.byTag.forEach((ids, tag) => this.byTag.set(tag, new Set(ids)));
  }

  /**
   * `copyFrom` as steps that yield every `COPY_STEP` objects, for a reseed on a running server
   * (issue 19: the copy of a 150,000-plan seed's tags was one block of ~70–140 ms). `source` must
   * not change until the last step: the seeded store a reseed copies is written by nobody.
   */
  protected *copyFromSteps(source: TagIndex): Generator<void, void> {
    let n = 0;
    for (const [id, tags] of source.byObject) {
      if (tags.size > 0) this.byObject.set(id, new Set(tags));
      if (++n % COPY_STEP === 0) yield;
    }
    for (const [tag, ids] of source.byTag) {
      this.byTag.set(tag, new Set(ids));
      yield;
    }
  }

  /** Tags of one object, sorted (the order the API answers them in). */
  tagsOf(id: number): string[] {
    return [...(this.byObject.get(id) ?? [])].sort();
  }

  has(id: number, tag: string): boolean {
    return this.byObject.get(id)?.has(tag) ?? false;
  }

  /** Ids carrying `tag`; an empty set for an unknown tag. */
  idsWith(tag: string): ReadonlySet<number> {
    return this.byTag.get(tag) ?? EMPTY;
  }

  add(id: number, tag: string): void {
    let tags = this.byObject.get(id);
    if (!tags) this.byObject.set(id, (tags = new Set()));
    if (!tags.has(tag)) noteStoreWrite();
    tags.add(tag);
    let ids = this.byTag.get(tag);
    if (!ids) this.byTag.set(tag, (ids = new Set()));
    ids.add(id);
  }

  /** Removing an absent tag is not an error (issue 6). */
  remove(id: number, tag: string): void {
    if (this.byObject.get(id)?.delete(tag)) noteStoreWrite();
    const ids = this.byTag.get(tag);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.byTag.delete(tag);
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
    return [...this.byObject].filter(([, t]) => t.size > 0).map(([id]) => [id, this.tagsOf(id)]);
  }

  clear(): void {
    noteStoreWrite();
    this.byObject.clear();
    this.byTag.clear();
  }
}

const EMPTY: ReadonlySet<number> = new Set();
/** Objects whose tags are copied between two chances to pause. */
const COPY_STEP = 4096;
