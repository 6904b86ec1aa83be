import type { TagIndex } from '../../store/tag-index.ts';
import type { Candidates } from '../../store/candidates.ts';
import type { CustomFilter } from './filter-engine.ts';
import { normaliseTagKey } from './tag-rules.ts';

/**
 * Tag filters over the shared tag model: rows carrying the tag, and rows not carrying it. A tag
 * nobody uses matches nothing (include) or everything (exclude) — it is a value, not an error.
 * The value is normalised as every tag write normalises a key (`tag-rules.ts`), so ` vip `
 * finds what `add_tag {"key": " vip "}` stored.
 *
 * Both answer from the tag model's own inverted index (tag → ids), which every tag write, bulk
 * write, session, import and reset keeps: the carriers are that set, the rest the `rows`' keys
 * outside it — no row is read (issue 26).
 */
export function tagFilters<Row>(
  index: TagIndex,
  idOf: (row: Row) => number,
  names: { include: string; exclude: string },
  rows?: ReadonlyMap<number, unknown>,
  allKeys?: () => Candidates | null,
): CustomFilter<Row>[] {
  const carrying = (tag: string) => {
    const key = normaliseTagKey(tag);
    return (row: Row) => index.has(idOf(row), key);
  };
  return [
    { name: names.include, kind: 'custom', build: (tag) => carrying(tag), candidates: (tag) => taggedKeys(index, tag, true, rows) },
    {
      name: names.exclude,
      kind: 'custom',
      build: (tag) => { const has = carrying(tag); return (row) => !has(row); },
      candidates: (tag) => taggedKeys(index, tag, false, rows, allKeys),
    },
  ];
}

/**
 * The keys of the rows that carry (`keep`) or lack `tag`. The carriers come from the tag model,
 * which may name an id with no row (`named`: the list checks); the others need `rows` to walk.
 */
export function taggedKeys(
  index: TagIndex,
  tag: string,
  keep: boolean,
  rows?: ReadonlyMap<number, unknown>,
  allKeys?: () => Candidates | null,
): Candidates | null {
  const ids = index.idsWith(normaliseTagKey(tag));
  if (keep) {
    return { exact: true, named: true, estimate: ids.size, keys: () => ids.keys(), has: (k) => ids.has(k) };
  }
  if (!rows) return null;
  // Every key, sorted, when an index keeps them so: the page is the first untagged ones from the top.
  const all = allKeys?.() ?? null;
  const sorted = all?.newestFirst?.bind(all);
  return {
    exact: true,
    estimate: Math.max(0, rows.size - ids.size),
    count: () => {
      let tagged = 0;
      for (const id of ids) if (rows.has(id)) tagged += 1;
      return rows.size - tagged;
    },
    *keys() {
      for (const k of rows.keys()) if (!ids.has(k)) yield k;
    },
    ...(sorted && {
      *newestFirst() {
        for (const k of sorted()) if (!ids.has(k)) yield k;
      },
    }),
    has: (k) => !ids.has(k) && rows.has(k),
  };
}
