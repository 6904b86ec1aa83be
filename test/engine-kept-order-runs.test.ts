import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderKeysOf, orderRows } from '../src/engine/engine-filters.ts';
import { keptOrder } from '../src/engine/engine-orderings.ts';
import { objectBytes } from '../src/engine/row-json.ts';
import { engineRowKey } from '../src/store/engine-row-index.ts';
import type { EngineRow } from '../src/store/store.ts';
import { StoreMap } from '../src/store/store-map.ts';

/**
 * The kept orderings' one-pass filing of many waiting writes (issue 26, fourteenth session):
 * rounds of 0–40 writes between two lists, so runs of 8 or more written keys are common, with ids
 * reused after deletes, nulls, rows of another collection and clears. Every ordering answers
 * what sorting afresh answers, holds the store's own rows and their current bytes. (The
 * property test of engine-kept-order.test.ts seldom leaves 8 keys waiting; written by the review.)
 */
const FIELDS = ['pk', 'name', 'priority', 'flag', 'note'];
const ORDERINGS = ['name', '-name', 'priority,-name', '-priority', 'flag,priority', 'pk', '-pk', 'note'];
type Write =
  | { kind: 'put'; id: number; name: string; priority: number | null; flag: boolean; other: boolean }
  | { kind: 'delete'; id: number };
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      id: fc.integer({ min: 1, max: 40 }),
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      priority: fc.oneof({ weight: 60, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }),
      flag: fc.boolean(),
      other: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 1, max: 40 }) }) },
);
const round = fc.record({
  writes: fc.array(write, { maxLength: 40, size: 'max' }),
  clear: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

function sorted(rows: Map<string, EngineRow>, ordering: string): number[] {
  const mine = [...rows.values()].filter((r) => r.c === 'widgets').sort((a, b) => (b.k as number) - (a.k as number));
  return orderRows(mine, ordering, FIELDS).map((r) => r.k as number);
}

describe('engine list kept ordering, runs of writes', () => {
  it('answers what sorting afresh answers through runs of writes (ids reused after deletes, nulls, other collections)', () => {
    fc.assert(
      fc.property(fc.array(round, { maxLength: 12, size: 'max' }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 40 }), (rounds, seeded) => {
        const rows = new StoreMap<string, EngineRow>();
        const put = (id: number, o: Record<string, unknown>, collection = 'widgets') =>
          rows.set(engineRowKey(collection, id), { c: collection, k: id, o: { pk: id, ...o } });
        for (const id of seeded) put(id, { name: `s${id % 3}`, priority: id % 4, flag: id % 2 === 0, note: 'x' });
        for (const o of ORDERINGS) keptOrder(rows, 'widgets', orderKeysOf(o, FIELDS));
        for (const r of rounds) {
          for (const w of r.writes) {
            if (w.kind === 'put') put(w.id, { name: w.name, priority: w.priority, flag: w.flag, note: `n${w.id}${w.name}` }, w.other ? 'gadgets' : 'widgets');
            else rows.delete(engineRowKey('widgets', w.id));
          }
          if (r.clear) rows.clear();
          for (const ordering of ORDERINGS) {
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
});
