import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { orderKeysOf, orderRows } from '../src/engine/engine-filters.ts';
import { keptOrder } from '../src/engine/engine-orderings.ts';
import { objectBytes } from '../src/engine/row-json.ts';
import { engineRowKey } from '../src/store/engine-row-index.ts';
import type { EngineRow } from '../src/store/store.ts';
import { StoreMap } from '../src/store/store-map.ts';

/**
 * An engine list's ordering is kept sorted as writes move rows (issue 26). Through any sequence
 * of creates, updates (of the ordered fields or not), deletes, rows of another collection and
 * a clear, the kept order must be exactly the stable sort of the newest-first rows that
 * `orderRows` gives — or no answer at all (null) where only that sort can say.
 */

const FIELDS = ['pk', 'name', 'priority', 'flag', 'note'];
const ORDERINGS = ['name', '-name', 'priority,-name', '-priority', 'flag,priority', 'pk', '-pk', 'note', 'nope'];

type Put = { kind: 'put'; id: number; name: string; priority: number | null; flag: boolean; other: boolean };
type Step = Put | { kind: 'delete'; id: number } | { kind: 'clear' } | { kind: 'check'; ordering: string };

/** A create or update of widget (or, `otherOneIn` of the time, gadget) 1–40. */
function put(otherOneIn: number): fc.Arbitrary<Put> {
  return fc.record({
    kind: fc.constant('put' as const),
    id: fc.integer({ min: 1, max: 40 }),
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    // Now and then a null: only `orderRows`' own sort may place it.
    priority: fc.oneof({ weight: 60, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }),
    flag: fc.boolean(),
    other: fc.integer({ min: 1, max: otherOneIn }).map((n) => n === 1),
  });
}
const remove = fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 1, max: 40 }) });

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: put(2) },
  { weight: 2, arbitrary: remove },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('check' as const), ordering: fc.constantFrom(...ORDERINGS) }) },
);

/** What the list sorted each time before: the collection newest first, then `orderRows`. */
function sorted(rows: Map<string, EngineRow>, ordering: string): number[] {
  const mine = [...rows.values()].filter((r) => r.c === 'widgets').sort((a, b) => (b.k as number) - (a.k as number));
  return orderRows(mine, ordering, FIELDS).map((r) => r.k as number);
}

describe('engine list kept ordering', () => {
  // Rounds of 0–40 writes between two lists: runs of 8 or more waiting keys, which the kept
  // ordering files in one pass (issue 26, fourteenth session), are common here, seldom above.
  it('answers what sorting afresh answers through runs of writes, with the rows and bytes of now', () => {
    const round = fc.record({
      writes: fc.array(fc.oneof({ weight: 5, arbitrary: put(10) }, { weight: 2, arbitrary: remove }), { maxLength: 40, size: 'max' }),
      clear: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    });
    const listed = ORDERINGS.filter((o) => o !== 'nope');
    fc.assert(
      fc.property(fc.array(round, { maxLength: 12, size: 'max' }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 40 }), (rounds, seeded) => {
        const rows = new StoreMap<string, EngineRow>();
        const set = (id: number, o: Record<string, unknown>, collection = 'widgets') =>
          rows.set(engineRowKey(collection, id), { c: collection, k: id, o: { pk: id, ...o } });
        for (const id of seeded) set(id, { name: `s${id % 3}`, priority: id % 4, flag: id % 2 === 0, note: 'x' });
        for (const o of listed) keptOrder(rows, 'widgets', orderKeysOf(o, FIELDS));
        for (const r of rounds) {
          for (const w of r.writes) {
            if (w.kind === 'put') set(w.id, { name: w.name, priority: w.priority, flag: w.flag, note: `n${w.id}${w.name}` }, w.other ? 'gadgets' : 'widgets');
            else rows.delete(engineRowKey('widgets', w.id));
          }
          if (r.clear) rows.clear();
          for (const ordering of listed) {
            const kept = keptOrder(rows, 'widgets', orderKeysOf(ordering, FIELDS));
            if (kept === null) continue;
            const got = kept.slice(0, kept.length);
            expect(got.map((x) => x.k)).toEqual(sorted(rows, ordering));
            expect(got.every((x) => rows.get(engineRowKey('widgets', x.k)) === x)).toBe(true);
            got.forEach((x, i) => expect(Buffer.from(kept.bytesAt(i)).equals(Buffer.from(objectBytes(x.o)))).toBe(true));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers what sorting the rows afresh answers, through any writes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }), (steps, seeded) => {
        const rows = new StoreMap<string, EngineRow>();
        const put = (id: number, o: Record<string, unknown>, collection = 'widgets') =>
          rows.set(engineRowKey(collection, id), { c: collection, k: id, o: { pk: id, ...o } });
        for (const id of seeded) put(id, { name: `s${id % 3}`, priority: id % 4, flag: id % 2 === 0, note: 'x' });
        for (const s of steps) {
          if (s.kind === 'put') put(s.id, { name: s.name, priority: s.priority, flag: s.flag, note: `n${s.id}` }, s.other ? 'gadgets' : 'widgets');
          else if (s.kind === 'delete') rows.delete(engineRowKey('widgets', s.id));
          else if (s.kind === 'clear') rows.clear();
          else {
            const kept = keptOrder(rows, 'widgets', orderKeysOf(s.ordering, FIELDS));
            if (kept === null) continue;
            expect(kept.slice(0, kept.length).map((r) => r.k)).toEqual(sorted(rows, s.ordering));
            // The rows themselves, as the map holds them now (a page is answered from them).
            expect(kept.slice(0, kept.length).every((r) => rows.get(engineRowKey('widgets', r.k)) === r)).toBe(true);
            expect(kept.length).toBe(sorted(rows, s.ordering).length);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers the new order after more writes between two lists than it moves one by one', () => {
    const rows = new StoreMap<string, EngineRow>();
    const put = (id: number, name: string) => rows.set(engineRowKey('widgets', id), { c: 'widgets', k: id, o: { pk: id, name } });
    for (let id = 1; id <= 300; id += 1) put(id, `n${id % 7}`);
    expect(keptOrder(rows, 'widgets', orderKeysOf('-name', FIELDS))?.length).toBe(300);
    // 300 writes, each renaming another row (past the 256 it files one by one).
    for (let id = 1; id <= 300; id += 1) put(id, `m${(id * 13) % 11}`);
    const kept = keptOrder(rows, 'widgets', orderKeysOf('-name', FIELDS))!;
    expect(kept.slice(0, kept.length).map((r) => r.k)).toEqual(sorted(rows, '-name'));
  });

  it('files many writes to a few rows one by one, with no sort afresh (review: 300 writes to one row re-sorted all)', () => {
    const rows = new StoreMap<string, EngineRow>();
    const put = (id: number, name: string, note = 'x') => rows.set(engineRowKey('widgets', id), { c: 'widgets', k: id, o: { pk: id, name, note } });
    for (let id = 1; id <= 50; id += 1) put(id, `n${id % 7}`);
    keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS));
    for (let i = 0; i < 300; i += 1) put(42, i % 2 === 0 ? 'n0' : 'n9', `note ${i}`);
    // Speed has no place in a test; what shows it is whether the next list sorts the collection.
    const sorts = vi.spyOn(Array.prototype, 'sort');
    try {
      const after = keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))!;
      expect(sorts).not.toHaveBeenCalled();
      expect(after.slice(0, after.length).map((r) => r.k)).toEqual(sorted(rows, 'name'));
    } finally {
      sorts.mockRestore();
    }
  });

  it('files each write between two lists one by one, however many lists came before (filed keys are forgotten)', () => {
    const rows = new StoreMap<string, EngineRow>();
    const put = (id: number, name: string) => rows.set(engineRowKey('widgets', id), { c: 'widgets', k: id, o: { pk: id, name } });
    for (let id = 1; id <= 300; id += 1) put(id, `n${id % 7}`);
    keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS));
    // 300 writes to 300 rows, a list after each: more than the 256 written keys a list files one
    // by one, so keys kept after their filing would end in a sort afresh.
    const sorts = vi.spyOn(Array.prototype, 'sort');
    let sortsByLists = 0;
    try {
      for (let id = 1; id <= 300; id += 1) {
        put(id, `m${(id * 13) % 11}`);
        const before = sorts.mock.calls.length;
        const kept = keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))!;
        sortsByLists += sorts.mock.calls.length - before;
        if (id % 50 === 0) expect(kept.slice(0, kept.length).map((r) => r.k)).toEqual(sorted(rows, 'name'));
      }
    } finally {
      sorts.mockRestore();
    }
    expect(sortsByLists).toBe(0);
  });

  it('files a row moved away and straight back where it sorts (review: a moved row left unfiled)', () => {
    const rows = new StoreMap<string, EngineRow>();
    const put = (id: number, name: string) => rows.set(engineRowKey('widgets', id), { c: 'widgets', k: id, o: { pk: id, name } });
    for (let id = 1; id <= 5; id += 1) put(id, `n${id}`);
    const list = () => { const kept = keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))!; return kept.slice(0, kept.length).map((r) => [r.k, r.o.name]); };
    expect(list()).toEqual([[1, 'n1'], [2, 'n2'], [3, 'n3'], [4, 'n4'], [5, 'n5']]);
    put(3, 'z');
    expect(list()).toEqual([[1, 'n1'], [2, 'n2'], [4, 'n4'], [5, 'n5'], [3, 'z']]);
    put(3, 'n3');
    expect(list()).toEqual([[1, 'n1'], [2, 'n2'], [3, 'n3'], [4, 'n4'], [5, 'n5']]);
  });

  it('answers for a collection it can order, and leaves one with a null to the sort', () => {
    const rows = new StoreMap<string, EngineRow>();
    for (const id of [3, 1, 2]) rows.set(engineRowKey('widgets', id), { c: 'widgets', k: id, o: { pk: id, name: id === 2 ? 'a' : 'b' } });
    expect(keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))?.slice(0, 3).map((r) => r.k)).toEqual([2, 3, 1]);
    rows.set(engineRowKey('widgets', 4), { c: 'widgets', k: 4, o: { pk: 4, name: null } });
    expect(keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))).toBeNull();
  });

  it('leaves a field holding numbers in some rows and strings in others to the sort (review)', () => {
    const rows = new StoreMap<string, EngineRow>();
    const p = [5, 'abc', 3, 'b', 10, 'a', 1, true, 'z', 2];
    p.forEach((v, i) => rows.set(engineRowKey('widgets', i + 1), { c: 'widgets', k: i + 1, o: { pk: i + 1, name: v } }));
    expect(keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))).toBeNull();
    // One type again (a rebuild after the write): kept.
    p.forEach((_, i) => rows.set(engineRowKey('widgets', i + 1), { c: 'widgets', k: i + 1, o: { pk: i + 1, name: `n${10 - i}` } }));
    expect(keptOrder(rows, 'widgets', orderKeysOf('name', FIELDS))).not.toBeNull();
  });
});
