import type { TagIndex } from '../../store/tag-index.ts';
import type { CustomFilter } from './filter-engine.ts';
import { normaliseTagKey } from './tag-rules.ts';

/**
 * Tag filters over the shared tag model: rows carrying the tag, and rows not carrying it. A tag
 * nobody uses matches nothing (include) or everything (exclude) — it is a value, not an error.
 * The value is normalised as every tag write normalises a key (`tag-rules.ts`), so ` vip `
 * finds what `add_tag {"key": " vip "}` stored.
 */
export function tagFilters<Row>(
  index: TagIndex,
  idOf: (row: Row) => number,
  names: { include: string; exclude: string },
): CustomFilter<Row>[] {
  const carrying = (tag: string) => {
    const key = normaliseTagKey(tag);
    return (row: Row) => index.has(idOf(row), key);
  };
  return [
    { name: names.include, kind: 'custom', build: (tag) => carrying(tag) },
    { name: names.exclude, kind: 'custom', build: (tag) => { const has = carrying(tag); return (row) => !has(row); } },
  ];
}
