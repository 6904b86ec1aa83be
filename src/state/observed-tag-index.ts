import { TagIndex } from '../store/tag-index.ts';
import { OverlayTagIndex } from './overlay-tag-index.ts';

/** Hears every tag change of an observed tag index (the state file's journal). */
export interface TagObserver {
  /** `changed`: false when the tag was already there (added) or not there (removed). */
  onTag(resource: string, id: number, tag: string, added: boolean, changed: boolean): void;
  onTagsCleared(resource: string): void;
}

/**
 * A `TagIndex` that reports `add`/`remove`/`clear`: tags change only through these methods
 * (architecture rule), so this sees every tag write of the shared store.
 */
export class ObservedTagIndex extends TagIndex {
  observer: TagObserver | null = null;

  constructor(readonly resource: string) {
    super();
  }

  /** A deep copy of `source` (tag sets are mutable, so they are never shared). */
  static copyOf(resource: string, source: TagIndex): ObservedTagIndex {
    const index = new ObservedTagIndex(resource);
    if (source instanceof OverlayTagIndex) {
      // A view keeps its tags in layers: copy what it answers.
      for (const [id, tags] of source.entries())
        for (const tag of tags) TagIndex.prototype.add.call(index, id, tag);
    } else index.copyFrom(source);
    return index;
  }

  /** `copyOf` of a seeded (plain) index, as steps a running server pauses between (a reseed). */
  static *copySteps(resource: string, source: TagIndex): Generator<void, ObservedTagIndex> {
    const index = new ObservedTagIndex(resource);
    if (source instanceof OverlayTagIndex) return ObservedTagIndex.copyOf(resource, source);
    yield* index.copyFromSteps(source);
    return index;
  }

  override add(id: number, tag: string): void {
    const changed = this.observer !== null && !this.tagsOf(id).includes(tag);
    super.add(id, tag);
    this.observer?.onTag(this.resource, id, tag, true, changed);
  }

  override remove(id: number, tag: string): void {
    const changed = this.observer !== null && this.tagsOf(id).includes(tag);
    super.remove(id, tag);
    this.observer?.onTag(this.resource, id, tag, false, changed);
  }

  override clear(): void {
    super.clear();
    this.observer?.onTagsCleared(this.resource);
  }
}
