import { TagIndex } from '../store/tag-index.ts';
import { noteStoreWrite } from '../store/write-count.ts';
import type { AscendingRun } from '../store/candidates.ts';

/**
 * A session's copy-on-write view of a `TagIndex`: an object's tag set is copied here the first
 * time the session changes it; every other object reads the base's. Tags change only through
 * `TagIndex` methods (architecture rule), so overriding them is enough to keep the base clean.
 */
export class OverlayTagIndex extends TagIndex {
  #base: TagIndex | null;
  /** Objects whose tags this view changed: their whole set, as this view sees it. */
  #own = new Map<number, Set<string>>();

  constructor(base: TagIndex) {
    super();
    this.#base = base;
  }

  #tagsOf(id: number): ReadonlySet<string> {
    const own = this.#own.get(id);
    if (own) return own;
    return this.#base === null ? EMPTY : new Set(this.#base.tagsOf(id));
  }

  #writable(id: number): Set<string> {
    let own = this.#own.get(id);
    if (!own) this.#own.set(id, (own = new Set(this.#base?.tagsOf(id) ?? [])));
    return own;
  }

  override tagsOf(id: number): string[] {
    const own = this.#own.get(id);
    if (own) return [...own].sort();
    return this.#base?.tagsOf(id) ?? [];
  }

  override has(id: number, tag: string): boolean {
    const own = this.#own.get(id);
    if (own) return own.has(tag);
    return this.#base?.has(id, tag) ?? false;
  }

  override idsWith(tag: string): ReadonlySet<number> {
    const fromBase = this.#base?.idsWith(tag) ?? EMPTY_IDS;
    if (this.#own.size === 0) return fromBase;
    const ids = new Set(fromBase);
    for (const [id, tags] of this.#own) {
      if (tags.has(tag)) ids.add(id);
      else ids.delete(id);
    }
    return ids;
  }

  /** The base's order while this view changed nothing; else null (the list walks `idsWith`). */
  override ascendingIdsWith(tag: string): AscendingRun | null {
    if (this.#own.size > 0) return null;
    return this.#base === null ? { keys: [], from: 0, to: 0 } : this.#base.ascendingIdsWith(tag);
  }

  override add(id: number, tag: string): void {
    const own = this.#writable(id);
    if (!own.has(tag)) noteStoreWrite();
    own.add(tag);
  }

  override remove(id: number, tag: string): void {
    if (!this.#tagsOf(id).has(tag)) return;
    noteStoreWrite();
    this.#writable(id).delete(tag);
  }

  override entries(): Array<[number, string[]]> {
    const out: Array<[number, string[]]> = [];
    for (const [id, tags] of this.#base?.entries() ?? []) {
      if (!this.#own.has(id)) out.push([id, tags]);
    }
    for (const [id, tags] of this.#own) if (tags.size > 0) out.push([id, [...tags].sort()]);
    return out;
  }

  override clear(): void {
    noteStoreWrite();
    this.#own.clear();
    this.#base = null;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const EMPTY_IDS: ReadonlySet<number> = new Set();
