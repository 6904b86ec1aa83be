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
 * outside it — no row is read (issue 26). Over the shared store's indexed rows they are counted
 * and paged by position (`sortedTaggedKeys`).
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
  // By position where the keys are kept sorted, else through the tag model's set.
  const candidatesOf = (tag: string, keep: boolean) =>
    sortedTaggedKeys(index, tag, keep, rows, allKeys) ?? taggedKeys(index, tag, keep, rows, allKeys);
  return [
    {
      name: names.include,
      kind: 'custom',
      build: (tag) => carrying(tag),
      candidates: (tag) => candidatesOf(tag, true),
    },
    {
      name: names.exclude,
      kind: 'custom',
      build: (tag) => { const has = carrying(tag); return (row) => !has(row); },
      candidates: (tag) => candidatesOf(tag, false),
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

/**
 * `taggedKeys` counted and paged without a walk, where `allKeys` keeps every row's key in one
 * sorted run (the shared store's indexed rows, not a session's view) and the tag index keeps the
 * tag's ids in key order (`TagIndex.ascendingIdsWith`): null otherwise. There every tagged id has
 * a row (a tag names an existing object and plans are never deleted; a state file that breaks
 * this is refused, `check-records.ts`), so the carriers number the run's length and the others
 * the rest; the carriers' page is read by position, the others' by one merge of the two sorted
 * runs from the top — no key hashed (issue 26: a deep page of `tag=X` at 100,000 plans walked
 * every carrier to count it, ~1 ms a request).
 */
export function sortedTaggedKeys(
  index: TagIndex,
  tag: string,
  keep: boolean,
  rows?: ReadonlyMap<number, unknown>,
  allKeys?: () => Candidates | null,
): Candidates | null {
  if (!rows || !allKeys) return null;
  const every = () => {
    const runs = allKeys()?.ascending?.() ?? null;
    return runs !== null && runs.length === 1 ? runs[0]! : null;
  };
  const all = every();
  const key = normaliseTagKey(tag);
  const run = index.ascendingIdsWith(key);
  if (all === null || run === null) return null;
  const ids = index.idsWith(key);
  const tagged = run.to - run.from;
  if (keep) {
    return {
      exact: true,
      estimate: tagged,
      count: () => tagged,
      keys: () => ids.keys(),
      ascending: () => {
        const now = index.ascendingIdsWith(key);
        return now === null ? null : [now];
      },
      has: (k) => ids.has(k),
    };
  }
  const others = all.to - all.from - tagged;
  return {
    exact: true,
    estimate: others,
    count: () => others,
    *keys() {
      for (const k of rows.keys()) if (!ids.has(k)) yield k;
    },
    *newestFirst() {
      const a = every();
      const t = index.ascendingIdsWith(key);
      if (a === null || t === null) throw new Error('the sorted keys went away between a lookup and its page');
      let j = t.to - 1;
      for (let i = a.to - 1; i >= a.from; i -= 1) {
        const k = a.keys[i]!;
        while (j >= t.from && t.keys[j]! > k) j -= 1;
        if (j >= t.from && t.keys[j] === k) continue;
        yield k;
      }
    },
    has: (k) => !ids.has(k) && rows.has(k),
  };
}
