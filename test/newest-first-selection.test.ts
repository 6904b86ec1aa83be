import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CandidateSource, Predicate } from '../src/domain/shared/filter-engine.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { unionOf } from '../src/store/candidates.ts';
import { PostingList } from '../src/store/posting-list.ts';
import type { Candidates } from '../src/store/candidates.ts';

/**
 * `newestFirst` intersects candidate sets, counts the result and cuts pages from it without
 * building anything the size of the store (issue 26). Whatever the sets — in key order or not,
 * with or without a count or a newest-first walk, named keys without rows, one of them not
 * exact — the count and every page must be what a brute-force scan of the rows answers.
 */

type Row = { id: number };
type Kind = 'bucket' | 'sorted' | 'named' | 'loose' | 'posting' | 'runs';
interface SetSpec {
  kind: Kind;
  keys: number[];
}

/** Candidates as the indexes give them: a value bucket (insertion order), a sorted range, `pk__in`. */
function candidatesOf(spec: SetSpec): Candidates {
  const set = new Set(spec.keys);
  const ascending = [...set].sort((a, b) => a - b);
  switch (spec.kind) {
    case 'bucket':
      return { exact: true, estimate: set.size, count: () => set.size, keys: () => set.keys(), has: (k) => set.has(k) };
    case 'sorted':
      return {
        exact: true,
        estimate: set.size,
        count: () => set.size,
        keys: () => ascending,
        newestFirst: () => [...ascending].reverse(),
        has: (k) => set.has(k),
      };
    case 'named':
      return { exact: true, named: true, estimate: set.size, keys: () => set.keys(), has: (k) => set.has(k) };
    case 'loose':
      // Not exact: its filter is run on the rows it yields (a session's view of an index).
      return { exact: false, estimate: set.size, keys: () => set.keys(), has: (k) => set.has(k) };
    case 'posting':
      // A value's posting lists as an index files them: keys added in the spec's order (out of
      // order ones land in the overlay), every third deleted and added again, split by key into
      // one to three values (`field__in`), each read by position (`ascending`).
      return unionOf(postingLists([...set], 1 + (ascending.length % 3)));
    case 'runs':
      // A key range of a sorted index: one ascending run, no newest-first walk.
      return { exact: true, estimate: set.size, count: () => set.size, keys: () => ascending, ascending: () => [{ keys: [-1, ...ascending, -1], from: 1, to: ascending.length + 1 }], has: (k) => set.has(k) };
  }
}

/** `keys` split by key into `parts` posting lists (or lone keys), written with deletes and re-adds. */
function postingLists(keys: readonly number[], parts: number) {
  return Array.from({ length: parts }, (_, part) => {
    const mine = keys.filter((k) => k % parts === part);
    if (mine.length === 0) return null;
    if (mine.length === 1) return { size: 1, has: (k: number) => k === mine[0], keys: () => mine, [Symbol.iterator]: () => mine[Symbol.iterator]() };
    const list = new PostingList(mine[0]!, mine[1]!);
    mine.slice(2).forEach((k, i) => {
      list.add(k);
      if (i % 3 === 0) list.delete(mine[i]!);
    });
    mine.forEach((k, i) => {
      if (i % 3 === 1) list.delete(k);
    });
    for (const k of mine) list.add(k);
    return list;
  }).filter((l) => l !== null);
}

function rowsOf(keys: readonly number[]): Map<number, Row> {
  return new Map([...new Set(keys)].sort((a, b) => a - b).map((id) => [id, { id }]));
}

const allSorted = (rows: Map<number, Row>) => () => candidatesOf({ kind: 'sorted', keys: [...rows.keys()] });

function filtersOf(specs: readonly SetSpec[], extra: Predicate<Row> | null) {
  const predicates: Predicate<Row>[] = specs.map((s) => {
    const set = new Set(s.keys);
    return (r: Row) => set.has(r.id);
  });
  const sources: CandidateSource[] = specs.map((s, i) => ({ predicate: i, find: () => candidatesOf(s) }));
  if (extra) predicates.push(extra);
  return { predicates, sources };
}

/** What reading every row answers: the rows every predicate keeps, largest key first. */
function scan(rows: Map<number, Row>, specs: readonly SetSpec[], extra: Predicate<Row> | null): number[] {
  const sets = specs.map((s) => new Set(s.keys));
  return [...rows.values()]
    .filter((r) => sets.every((s) => s.has(r.id)) && (extra === null || extra(r)))
    .map((r) => r.id)
    .sort((a, b) => b - a);
}

const key = fc.integer({ min: 1, max: 120 });
/** A cheap hash, so that a set is a dense, seeded subset of the keys. */
const mix = (k: number, seed: number) => Math.imul(k ^ seed, 2654435761) >>> 0;
/** Keys of 1…120 kept with `density` %, in key order, reversed, or scrambled (a re-filed key goes to the end of its bucket). */
const setSpec = fc
  .record({
    kind: fc.constantFrom<Kind>('bucket', 'bucket', 'sorted', 'named', 'loose', 'posting', 'posting', 'runs'),
    density: fc.integer({ min: 20, max: 100 }),
    seed: fc.nat(),
    order: fc.constantFrom('ascending', 'descending', 'scrambled'),
    extra: fc.array(fc.integer({ min: 1, max: 140 }), { maxLength: 5 }),
  })
  .map(({ kind, density, seed, order, extra }): SetSpec => {
    const keys = Array.from({ length: 120 }, (_, i) => i + 1).filter((k) => mix(k, seed) % 100 < density);
    if (order === 'descending') keys.reverse();
    if (order === 'scrambled') keys.sort((a, b) => mix(a, seed + 1) - mix(b, seed + 1));
    return { kind, keys: [...keys, ...extra] };
  });
const window = fc.tuple(fc.nat(130), fc.nat(40)).map(([start, size]) => [start, start + size] as const);
/** The rows: keys 1…n, with a few gaps. */
const rowKeysArb = fc.tuple(fc.integer({ min: 0, max: 120 }), fc.array(key, { maxLength: 10 })).map(([n, gaps]) => {
  const drop = new Set(gaps);
  return Array.from({ length: n }, (_, i) => i + 1).filter((k) => !drop.has(k));
});

describe('newestFirst over candidate sets', () => {
  it('counts and pages exactly what a scan of the rows answers, whatever the sets', () => {
    let walked = 0;
    fc.assert(
      fc.property(
        rowKeysArb,
        fc.array(setSpec, { maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(window, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (rowKeys, specs, odd, withSorted, windows, countFirst) => {
          const rows = rowsOf(rowKeys);
          // An index files only keys that have rows; the query's own keys (`pk__in`) and a loose
          // set (a session's changed keys) may name any.
          specs = specs.map((s) => (s.kind === 'bucket' || s.kind === 'sorted' || s.kind === 'posting' || s.kind === 'runs' ? { ...s, keys: s.keys.filter((k) => rows.has(k)) } : s));
          const extra = odd ? (r: Row) => r.id % 2 === 1 : null;
          const expected = scan(rows, specs, extra);
          const list = newestFirst(rows, filtersOf(specs, extra), withSorted ? allSorted(rows) : undefined);
          // Cases that count by walking an intersection and keep what they walked.
          if (specs.length >= 2 && !odd && !specs.some((s) => s.kind === 'loose') && expected.length > 1) walked += 1;
          if (countFirst) expect(list.length).toBe(expected.length);
          for (const [start, end] of windows) expect(list.slice(start, end).map((r) => r.id)).toEqual(expected.slice(start, end));
          expect(list.length).toBe(expected.length);
          expect(list.slice().map((r) => r.id)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
    expect(walked).toBeGreaterThan(20);
  });

  it('pages a result too large to keep from its count from the top', () => {
    const n = 9000;
    const rows = rowsOf(Array.from({ length: n * 2 }, (_, i) => i + 1));
    const even = { kind: 'bucket' as const, keys: Array.from({ length: n }, (_, i) => (i + 1) * 2).reverse() };
    const most = { kind: 'bucket' as const, keys: Array.from({ length: n * 2 - 10 }, (_, i) => i + 11) };
    for (const sorted of [allSorted(rows), undefined]) {
      const list = newestFirst(rows, filtersOf([even, most], null), sorted);
      expect(list.length).toBe(n - 5);
      expect(list.slice(0, 3).map((r) => r.id)).toEqual([18000, 17998, 17996]);
      expect(list.slice(n - 7, n).map((r) => r.id)).toEqual([14, 12]);
    }
  });
});
