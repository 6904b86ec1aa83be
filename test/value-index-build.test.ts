import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedStore } from '../src/seed/seed-store.ts';
import { sharedViewOf } from '../src/state/store-views.ts';
import { createStore } from '../src/store/store.ts';
import { PLAN_STATUSES, type CancellationPlan } from '../src/store/types.ts';
import { indexOf, type IndexSpec } from '../src/store/value-index.ts';

/**
 * A value index is built in slices between other work from the first list on (issue 19), and
 * writes go on meanwhile — to its own rows and to the rows its fields read (a plan's channel is
 * its order's). Whatever was written before, during or after the build, and whether a lookup or
 * the slices finish it, a lookup must answer exactly the rows a scan finds.
 */

const SPEC: IndexSpec<CancellationPlan> = {
  rows: (s) => s.plans,
  fields: { status: (p) => p.status, channel: (p, s) => s.orders.get(p.order)?.channel },
  reads: (s) => [{ rows: s.orders, affected: (order) => s.plansByOrder.get(order) ?? [] }],
};

type Step =
  | { kind: 'status'; at: number; status: number }
  | { kind: 'channel'; at: number; from: number }
  | { kind: 'delete'; at: number }
  | { kind: 'readd' }
  | { kind: 'clear' }
  | { kind: 'turn' }
  | { kind: 'lookup'; field: 'status' | 'channel'; at: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), at: fc.nat(200), status: fc.nat(PLAN_STATUSES.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('channel' as const), at: fc.nat(200), from: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(200) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'readd' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'turn' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('lookup' as const), field: fc.constantFrom('status' as const, 'channel' as const), at: fc.nat(200) }) },
);

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const nth = <T>(values: Iterable<T>, at: number): T | undefined => {
  const all = [...values];
  return all.length === 0 ? undefined : all[at % all.length];
};

describe('value index built in slices', () => {
  it('answers exactly what a scan finds, through writes before, during and after the build', async () => {
    const base = createStore();
    seedStore(base, { seed: 8, size: 60 });
    let lookups = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), fc.boolean(), async (steps, lookupFirst) => {
        const store = sharedViewOf(base);
        const index = indexOf(store, 'test-plans', SPEC)!;
        if (lookupFirst) index.lookup('status', ['waiting']);
        // Tiny slices of 3 rows: the build spans many turns, with the steps' writes in between.
        const warming = index.warm!({ sliceMs: 0, rowsAStep: 3 });
        const deleted: CancellationPlan[] = [];
        for (const step of steps) {
          if (step.kind === 'status') {
            const p = nth(store.plans.values(), step.at);
            if (p) store.plans.set(p.pk, { ...p, status: PLAN_STATUSES[step.status]! });
          } else if (step.kind === 'channel') {
            const o = nth(store.orders.values(), step.at);
            const other = nth(store.orders.values(), step.from);
            if (o && other) store.orders.set(o.pk, { ...o, channel: other.channel });
          } else if (step.kind === 'delete') {
            const p = nth(store.plans.values(), step.at);
            if (p) {
              store.plans.delete(p.pk);
              deleted.push(p);
            }
          } else if (step.kind === 'readd') {
            const p = deleted.pop();
            if (p) store.plans.set(p.pk, { ...p, status: 'failed' });
          } else if (step.kind === 'clear') store.plans.clear();
          else if (step.kind === 'turn') await turn();
          else {
            const value = step.field === 'status' ? nth(PLAN_STATUSES, step.at)! : nth(store.channels.keys(), step.at)!;
            const read = (p: CancellationPlan) => (step.field === 'status' ? p.status : store.orders.get(p.order)?.channel);
            const scan = [...store.plans.values()].filter((p) => read(p) === value).map((p) => p.pk).sort((a, b) => a - b);
            const found = index.lookup(step.field, [value]);
            expect([...found.keys()].sort((a, b) => a - b)).toEqual(scan);
            expect(found.count!()).toBe(scan.length);
            lookups += 1;
          }
        }
        await warming;
      }),
      { seed: 26, numRuns: 50 },
    );
    expect(lookups).toBeGreaterThan(60);
  });
});
