import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../src/store/sharded-map.ts';

/**
 * An index's lookup table spread over several Maps (issue 19: no single Map big enough that its
 * growth blocks) must answer exactly as one Map: every key type an index files (numbers incl. -0
 * and NaN, strings incl. the empty one, booleans, null, undefined), through sets, overwrites and
 * deletes.
 */
const key = fc.oneof(
  fc.integer({ min: -40, max: 40 }),
  fc.constantFrom(-0, Number.NaN, 0.5, 2 ** 40),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(true, false, null, undefined),
);
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
);

describe('ShardedMap', () => {
  it('answers get, has, size and delete as a Map does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.array(key, { maxLength: 20 }), (ops, probes) => {
        const model = new Map<unknown, number>();
        const sharded = new ShardedMap<unknown, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            model.set(o.key, o.value);
            expect(sharded.set(o.key, o.value)).toBe(sharded);
          } else expect(sharded.delete(o.key)).toBe(model.delete(o.key));
          expect(sharded.size).toBe(model.size);
        }
        for (const k of [...probes, ...model.keys()]) {
          expect(sharded.has(k)).toBe(model.has(k));
          expect(sharded.get(k)).toBe(model.get(k));
        }
      }),
      { numRuns: 300, seed: 19_026 },
    );
  });
});
