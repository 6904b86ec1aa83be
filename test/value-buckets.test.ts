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
