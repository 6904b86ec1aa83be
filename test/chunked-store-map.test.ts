import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedStoreMap } from '../src/store/chunked-store-map.ts';

/**
 * The seeded store's collections are chunked maps (issue 19: one `Map` of 350,000 entries grew in
 * blocks of 50–100 ms on a running reseed). Everything that reads the store — exports, the
 * seed-golden hashes, list order — reads them as a `Map`: so a chunked map must answer what a
 * plain `Map` answers, in the same order, through any writes. Chunks of 1–4 entries here, so a
 * few dozen keys span many chunks.
 */

type Key = number | string;
type Op = { kind: 'set'; key: Key; value: number } | { kind: 'delete'; key: Key } | { kind: 'clear' };

const keyArb: fc.Arbitrary<Key> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('a', 'b', '7', NaN as unknown as string) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

function apply(map: Map<Key, number>, op: Op): unknown {
  if (op.kind === 'set') return map.set(op.key, op.value) === map;
  if (op.kind === 'delete') return map.delete(op.key);
  return map.clear();
}

/** Everything a reader can ask a Map, each way of iterating included. */
function reading(map: Map<Key, number>) {
  const viaForEach: Array<[Key, number]> = [];
  map.forEach((v, k, m) => {
    viaForEach.push([k, v]);
    expect(m).toBe(map);
  });
  const probe: Key[] = [-3, 0, 1, 7, 40, 41, 'a', 'b', '7', NaN as unknown as string];
  return {
    size: map.size,
    entries: [...map.entries()],
    spread: [...map],
    keys: [...map.keys()],
    values: [...map.values()],
    viaForEach,
    got: probe.map((k) => [map.get(k), map.has(k)]),
  };
}

describe('a chunked store map', () => {
  it('answers what a plain Map answers, in the same order, through any writes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 80 }), (chunk, ops) => {
        const plain = new Map<Key, number>();
        const chunked = new ChunkedStoreMap<Key, number>(chunk);
        for (const op of ops) {
          expect(apply(chunked, op)).toEqual(apply(plain, op));
          expect(reading(chunked)).toEqual(reading(plain));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('has live iterators, as a Map has: entries added behind them are visited, deleted ones not (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 20 }),
        fc.array(fc.array(opArb, { maxLength: 3 }), { maxLength: 40 }),
        (chunk, start, during) => {
          const plain = new Map<Key, number>();
          const chunked = new ChunkedStoreMap<Key, number>(chunk);
          for (const k of start) {
            plain.set(k, k);
            chunked.set(k, k);
          }
          const a = plain.entries();
          const b = chunked.entries();
          for (const ops of during) {
            expect(b.next()).toEqual(a.next());
            for (const op of ops) {
              apply(plain, op);
              apply(chunked, op);
            }
          }
          expect([...b]).toEqual([...a]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells its watchers about every write, as every store collection does', () => {
    const map = new ChunkedStoreMap<number, string>(2);
    const heard: string[] = [];
    map.watch({ written: (k) => heard.push(`w${k}`), cleared: () => heard.push('clear') });
    map.set(1, 'a').set(2, 'b').set(3, 'c').set(1, 'A');
    map.delete(2);
    map.delete(9);
    map.clear();
    expect(heard).toEqual(['w1', 'w2', 'w3', 'w1', 'w2', 'clear']);
    expect(map instanceof Map).toBe(true);
  });
});
