import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueBuckets, type Bucket } from '../src/store/buckets.ts';
import type { IndexKey } from '../src/store/value-index.ts';

/**
 * A value index's table per field (`ValueBuckets`: pk values in slots, the rest in a sharded
 * `Map`) must answer as one `Map` does — SameValueZero keys — whatever was filed and taken out,
 * in any order: small and far integers (a far one lands in the `Map`, and stays found there once
 * slots reach it), negatives, fractions, `-0`, text that reads as a number, `null`, booleans.
 */
const VALUES: IndexKey[] = [0, -0, 1, 2, 4095, 4096, 9000, 70_000, 140_000, 1_000_000, 2 ** 32 - 1, 2 ** 32, -1, 1.5, NaN, '1', '', 'waiting', null, true, false];

describe('value buckets', () => {
  it('file and find every value as a Map does, through sets and deletes', () => {
    const op = fc.record({ del: fc.boolean(), value: fc.oneof(fc.constantFrom(...VALUES), fc.nat(300_000)), bucket: fc.nat(1_000) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const table = new ValueBuckets<IndexKey>();
        const model = new Map<IndexKey, Bucket>();
        for (const { del, value, bucket } of ops) {
          if (del) expect(table.delete(value)).toBe(model.delete(value));
          else {
            table.set(value, bucket);
            model.set(value, bucket);
          }
          for (const v of [...VALUES, value]) expect(table.get(v)).toBe(model.get(v));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('ValueBuckets at the edges (seventeenth session review)', () => {
  it('keeps a far value in the Map once slots reach it, through a set and a delete', () => {
    const t = new ValueBuckets<IndexKey>();
    for (let v = 0; v < 10_000; v += 1) t.set(v, v + 1);
    t.set(140_000, 1); // chunk 34, past the slots made: the Map
    for (let v = 10_000; v < 80_000; v += 1) t.set(v, v + 1); // slots now reach chunk 34 (20 made)
    t.set(140_000, 2);
    expect(t.get(140_000)).toBe(2);
    expect(t.delete(140_000)).toBe(true);
    expect(t.get(140_000)).toBeUndefined();
  });

  it('holds far-apart integer values in bounded memory (an imported state of stepped pks, a value of 2**31-1)', () => {
    const t = new ValueBuckets<IndexKey>();
    const before = process.memoryUsage().heapUsed;
    // Each value 16 chunks past the last, which the gap rule lets through: without the density
    // rule every set made a 32 KiB chunk (~625 MB for these).
    for (let i = 0; i < 20_000; i += 1) t.set(i * 65_536, i + 1);
    t.set(2 ** 31 - 1, 1);
    const grown = process.memoryUsage().heapUsed - before;
    expect(t.get(19_999 * 65_536)).toBe(20_000);
    expect(t.get(2 ** 31 - 1)).toBe(1);
    expect(grown).toBeLessThan(64 * 2 ** 20); // a Map holds them in ~1 MB
  });
});
