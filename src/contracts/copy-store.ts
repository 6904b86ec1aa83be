import type { Store } from '../store/store.ts';
import { TagIndex } from '../store/tag-index.ts';

/**
 * A fresh, independent copy of a seeded store, in about a millisecond (seeding one costs tens).
 * Stored records are immutable once stored (a write `set`s a new object and replaces index
 * lists), so new Maps over the same records are a full copy; tags live in mutable `TagIndex`es
 * and are rebuilt. A Store field of an unknown kind stops the copy rather than being shared.
 */
export function copyStore(store: Store): Store {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    if (value instanceof Map) out[key] = new Map(value);
    else if (key === 'tags') out[key] = copyTags(value as Store['tags']);
    else if (key === 'sequences') out[key] = { ...(value as Store['sequences']) };
    else throw new Error(`copyStore: store field ${key} is of a kind it cannot copy`);
  }
  return out as unknown as Store;
}

function copyTags(tags: Store['tags']): Store['tags'] {
  const out: Record<string, TagIndex> = {};
  for (const [resource, index] of Object.entries(tags)) {
    const copy = new TagIndex();
    for (const [id, keys] of index.entries()) for (const key of keys) copy.add(id, key);
    out[resource] = copy;
  }
  return out as Store['tags'];
}
