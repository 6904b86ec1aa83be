import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase } from '../src/common/fold-case.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore } from '../src/store/store.ts';
import { textColumnOf, type ColumnSpec } from '../src/store/text-column.ts';
import type { CancellationRequest } from '../src/store/types.ts';

/**
 * The description column (the `description` contains filter's index) is built in slices between
 * other work (issue 19's 50 ms a step), and writes go on meanwhile. Whatever was written before,
 * during or after the build, and whether a search or the slices finish it, a search must find
 * exactly the rows whose folded text contains the needle.
 */

const SPEC: ColumnSpec<CancellationRequest> = { rows: (s) => s.requests, value: (r) => r.description, fold: foldCase };
const TEXTS = ['Ürün hasarlı', 'IŞIK bozuk', 'ışık', 'kutu ezik', null, 'Beden uymadı'];
const NEEDLES = ['ı', 'i', 'ışık', 'kutu', 'beden', 'ürün', 'zz'];

type Step =
  | { kind: 'write'; at: number; text: number }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; text: number; reuse: boolean }
  | { kind: 'clear' }
  | { kind: 'turn' }
  | { kind: 'search'; needle: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), at: fc.nat(200), text: fc.nat(TEXTS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), text: fc.nat(TEXTS.length - 1), reuse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'turn' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('search' as const), needle: fc.nat(NEEDLES.length - 1) }) },
);

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('description column built in slices', () => {
  it('finds exactly the rows a scan finds, through writes before, during and after the build', async () => {
    const base = createStore();
    seedStore(base, { seed: 5, size: 60 });
    const template = base.requests.values().next().value!;
    let searches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), fc.boolean(), async (steps, searchFirst) => {
        const store = sharedViewOf(base);
        const column = textColumnOf(store, 'test-description', SPEC)!;
        if (searchFirst) column.containing('a');
        // Tiny slices of 3 rows: the build spans many turns, with the steps' writes in between.
        const warming = column.warm({ sliceMs: 0, rowsAStep: 3 });
        let nextId = 100_000;
        // Deleted keys, to add again (a Map iterator visits a key deleted and set again twice).
        const deleted: number[] = [];
        for (const step of steps) {
          const keys = [...store.requests.keys()];
          const key = keys[(step as { at?: number }).at! % Math.max(1, keys.length)];
          if (step.kind === 'write' && key !== undefined) store.requests.set(key, { ...store.requests.get(key)!, description: TEXTS[step.text]! });
          else if (step.kind === 'delete' && key !== undefined) {
            store.requests.delete(key);
            deleted.push(key);
          } else if (step.kind === 'add') {
            const id = step.reuse && deleted.length > 0 ? deleted.pop()! : nextId++;
            store.requests.set(id, { ...template, id, description: TEXTS[step.text]! });
          }
          else if (step.kind === 'clear') store.requests.clear();
          else if (step.kind === 'turn') await turn();
          else if (step.kind === 'search') {
            const needle = foldCase(NEEDLES[step.needle]!);
            const scan = [...store.requests.values()].filter((r) => r.description != null && foldCase(r.description).includes(needle)).map((r) => r.id);
            const found = column.containing(needle);
            expect([...found.keys()].sort((a, b) => a - b)).toEqual(scan.sort((a, b) => a - b));
            expect(found.count!()).toBe(scan.length);
            for (const r of store.requests.values()) expect(found.has(r.id)).toBe(scan.includes(r.id));
            searches += 1;
          }
        }
        await warming;
      }),
      { seed: 19, numRuns: 60 },
    );
    expect(searches).toBeGreaterThan(60);
  });
});
