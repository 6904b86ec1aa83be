import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyColumn } from '../src/store/key-column.ts';
import { fileUnder, sizeOf, unfileFrom, type Bucket } from '../src/store/buckets.ts';
import { PostingList } from '../src/store/posting-list.ts';

/**
 * The compact tables the list indexes keep their keys in (issue 26: RSS ≤ 1 GiB) must answer
 * exactly as a `Set` / `Map` does, through runs of ascending keys (a build), writes out of order,
 * deletes from the middle and the end (the overlay and its merges) and keys a `Uint32Array`
 * cannot hold (negative, fractional, ≥ 2³²; a row key is never -0: a Map stores it as 0).
 */
const key = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 120 }) },
  { weight: 1, arbitrary: fc.constantFrom(-3, 0.5, 2 ** 32, 2 ** 40, 4_294_967_295) },
);
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  // Deletes near the top (the newest rows are the ones most written).
  fc.record({ kind: fc.constant('top' as const), below: fc.nat(3) }),
  // A build files ascending keys: many appends in a row.
  fc.record({ kind: fc.constant('run' as const), from: fc.integer({ min: 0, max: 100 }), length: fc.integer({ min: 1, max: 60 }) }),
);

describe('posting lists and key columns', () => {
  it('a bucket answers has, size and keys as a Set does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), (ops) => {
        const model = new Map<string, Set<number>>();
        const table = new Map<string, Bucket>();
        const apply = (kind: 'add' | 'delete', k: number) => {
          const m = model.get('v') ?? new Set<number>();
          if (kind === 'add') {
            fileUnder(table, 'v', k);
            m.add(k);
          } else {
            unfileFrom(table, 'v', k);
            m.delete(k);
          }
          if (m.size === 0) model.delete('v');
          else model.set('v', m);
        };
        for (const o of ops) {
          if (o.kind === 'run') for (let k = o.from; k < o.from + o.length; k += 1) apply('add', k);
          else if (o.kind === 'top') {
            const sorted = [...(model.get('v') ?? [])].sort((a, b) => b - a);
            if (sorted.length > o.below) apply('delete', sorted[o.below]!);
          }
          else apply(o.kind, o.key);
          const want = model.get('v');
          const got = table.get('v');
          if (want === undefined) {
            expect(got).toBeUndefined();
            continue;
          }
          expect(got).toBeDefined();
          expect(sizeOf(got!)).toBe(want.size);
          const keys = typeof got === 'number' ? [got] : [...got!.keys()];
          expect(keys.sort((a, b) => a - b)).toEqual([...want].sort((a, b) => a - b));
          // Read by position (a deep page): the whole list ascending in one run, or null while it
          // holds a key no array slot can; reading merges the overlay, and the list still answers.
          if (typeof got === 'object' && o.kind !== 'run' && ops.indexOf(o) % 3 === 0) {
            const run = got.ascending();
            const odd = [...want].some((k) => k >>> 0 !== k);
            if (odd) expect(run).toBeNull();
            else expect(Array.from({ length: run!.to - run!.from }, (_, i) => run!.keys[run!.from + i])).toEqual([...want].sort((a, b) => a - b));
          }
          for (const k of [...want, 0, 1, 60, 119, -3, 0.5, 2 ** 32]) {
            expect(typeof got === 'number' ? got === k : got!.has(k)).toBe(want.has(k));
          }
        }
      }),
      { numRuns: 300, seed: 26_019 },
    );
  });

  it('a key unfiled and filed again (an index refiling a written row) leaves no overlay behind', () => {
    // Every write refiles its row under each field: an emptied overlay kept `keys()` on the slow
    // generator walk, and made `ascending()` merge — a pass over the whole list — on each read.
    const list = new PostingList(1, 5);
    for (const k of [9, 12, 20]) list.add(k);
    list.delete(9);
    list.add(9);
    list.add(3);
    list.delete(3);
    expect(Array.isArray(list.keys())).toBe(true);
    expect([...list.keys()]).toEqual([1, 5, 9, 12, 20]);
  });

  it('a large PostingList answers has from its bit table as a Set does, through writes', () => {
    const bigOp = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key: fc.oneof(fc.integer({ min: 0, max: 6000 }), fc.constantFrom(-3, 0.5, 2 ** 32)) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 6000 }) }),
      fc.record({ kind: fc.constant('probe' as const), key: fc.integer({ min: 0, max: 7000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1100, max: 3000 }), fc.array(bigOp, { maxLength: 120 }), (run, ops) => {
        const list = new PostingList(0, 1);
        const model = new Set([0, 1]);
        for (let k = 2; k < run; k += 1) {
          list.add(k);
          model.add(k);
        }
        for (const o of ops) {
          if (o.kind === 'add') {
            list.add(o.key);
            model.add(o.key);
          } else if (o.kind === 'delete') expect(list.delete(o.key)).toBe(model.delete(o.key));
          expect(list.has(o.key)).toBe(model.has(o.key));
          expect(list.size).toBe(model.size);
        }
        for (const k of [0, 1, run - 1, run, run + 1, 6000, -3, 0.5, 2 ** 32, NaN]) expect(list.has(k)).toBe(model.has(k));
        expect([...list.keys()].sort((a, b) => a - b)).toEqual([...model].sort((a, b) => a - b));
      }),
      { numRuns: 60, seed: 26_032 },
    );
  });

  it('a PostingList merges its overlay without losing or repeating a key', () => {
    const list = new PostingList(5, 1);
    const model = new Set([5, 1]);
    for (let k = 10; k < 400; k += 1) {
      list.add(k);
      model.add(k);
    }
    for (let k = 399; k > 0; k -= 7) {
      list.delete(k);
      model.delete(k);
      list.add(k - 3);
      model.add(k - 3);
    }
    expect(list.size).toBe(model.size);
    expect([...list].sort((a, b) => a - b)).toEqual([...model].sort((a, b) => a - b));
  });

  it('a KeyColumn answers get as a Map does, for dense, far and odd keys', () => {
    const colKey = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(-1, 0.5, 2 ** 40, 1_000_000));
    fc.assert(
      fc.property(fc.array(fc.record({ set: fc.boolean(), key: colKey, value: fc.string({ maxLength: 2 }) }), { maxLength: 200 }), (ops) => {
        const model = new Map<number, string>();
        const column = new KeyColumn<string>();
        for (const o of ops) {
          if (o.set) {
            model.set(o.key, o.value);
            column.set(o.key, o.value);
          } else {
            model.delete(o.key);
            column.delete(o.key);
          }
        }
        for (const k of [...model.keys(), 0, 1, 2999, -1, 0.5, 2 ** 40, 1_000_000]) expect(column.get(k)).toBe(model.get(k));
      }),
      { numRuns: 300, seed: 26_026 },
    );
  });

  it('fileUnder answers true only once a value has several keys (what the value index shares strings by)', () => {
    const table = new Map<string, Bucket>();
    expect(fileUnder(table, 'x', 1)).toBe(false);
    expect(fileUnder(table, 'x', 1)).toBe(false);
    expect(fileUnder(table, 'x', 2)).toBe(true);
    expect(fileUnder(table, 'x', 3)).toBe(true);
    expect(sizeOf(table.get('x')!)).toBe(3);
  });
});
