import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { planIndexesReady } from '../src/domain/plans/plan-indexes.ts';
import { requestFilters } from '../src/domain/requests/request-filters.ts';
import { requestIndexesReady } from '../src/domain/requests/request-indexes.ts';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { overlayOf, replaceContents, sharedViewOf } from '../src/state/store-views.ts';
import { setBuildPacing } from '../src/store/sliced-build.ts';
import { createStore, type Store } from '../src/store/store.ts';
import { PLAN_STATUSES, REQUEST_STATUSES } from '../src/store/types.ts';

/**
 * Issue 19: a first list waits for its kind's indexes, built in slices (`planIndexesReady`,
 * `requestIndexesReady`), then looks up synchronously. Lists started while builds are under way,
 * with writes, deletions, clears and whole resets between the slices, in the shared state and in
 * a session over it, must answer exactly what reading every row answers at the moment they answer.
 */

type Kind = 'plans' | 'requests';
type Step =
  | { kind: 'list'; of: Kind; query: number; at: number; session: boolean }
  | { kind: 'write'; of: Kind | 'orders'; at: number; pick: number; session: boolean }
  | { kind: 'delete' | 'readd'; at: number }
  | { kind: 'clear' | 'reset' }
  | { kind: 'turn'; turns: number; churn: number };

/** Queries of each kind, a value read from the nth row (`at`) where the filter needs one. */
const QUERIES: Record<Kind, Array<(s: Store, at: number) => Record<string, string>>> = {
  plans: [
    () => ({}),
    (_s, at) => ({ status: PLAN_STATUSES[at % PLAN_STATUSES.length]! }),
    (s, at) => ({ created_date__gte: nth(s.plans, at)?.created_date ?? '2000-01-01T00:00:00Z' }),
    (s, at) => ({ modified_date__lt: nth(s.plans, at)?.modified_date ?? '2000-01-01T00:00:00Z' }),
    (s, at) => ({ pk__gt: String(nth(s.plans, at)?.pk ?? 0) }),
    (s, at) => ({ created_by: String(nth(s.plans, at)?.created_by ?? 1) }),
    (s, at) => ({ channel_id__in: String(nth(s.orders, at)?.channel ?? 1) }),
  ],
  requests: [
    () => ({}),
    (_s, at) => ({ status: REQUEST_STATUSES[at % REQUEST_STATUSES.length]! }),
    (s, at) => ({ created_date__lt: nth(s.requests, at)?.created_date ?? '2000-01-01T00:00:00Z' }),
    (s, at) => ({ modified_date__gte: nth(s.requests, at)?.modified_date ?? '2000-01-01T00:00:00Z' }),
    (s, at) => ({ pk__lte: String(nth(s.requests, at)?.id ?? 0) }),
    (s, at) => ({ uuid: nth(s.requests, at)?.uuid ?? '00000000-0000-4000-8000-000000000000' }),
    (s, at) => ({ description: (nth(s.requests, at)?.description ?? 'x').slice(2, 6) }),
  ],
};

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('list' as const), of: fc.constantFrom<Kind>('plans', 'requests'), query: fc.nat(6), at: fc.nat(100), session: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('write' as const), of: fc.constantFrom<Kind | 'orders'>('plans', 'requests', 'orders'), at: fc.nat(100), pick: fc.nat(100), session: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'readd' as const), at: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('clear' as const, 'reset' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('turn' as const), turns: fc.integer({ min: 1, max: 40 }), churn: fc.nat(100) }) },
);

function nth<T>(map: ReadonlyMap<number, T>, at: number): T | undefined {
  if (map.size === 0) return undefined;
  let i = at % map.size;
  for (const v of map.values()) if (i-- === 0) return v;
  return undefined;
}

/** The keys a list answers, newest first: indexed, or (`plain`) over copies no index can watch. */
function listed(store: Store, of: Kind, query: Record<string, string>, plain: boolean): number[] {
  const s = plain
    ? (Object.fromEntries(Object.entries(store).map(([k, v]) => [k, v instanceof Map ? new Map(v) : v])) as unknown as Store)
    : store;
  const q = new Map(Object.entries(query));
  if (of === 'plans') {
    const compiled = compileFilters(planFilters(s), q);
    expect(compiled.errors).toEqual({});
    return newestFirst(s.plans, compiled).slice().map((p) => p.pk);
  }
  const compiled = compileFilters(requestFilters(s), q);
  expect(compiled.errors).toEqual({});
  return newestFirst(s.requests, compiled).slice().map((r) => r.id);
}

/** A write to the nth plan, request or order: fields the queries filter by, values other rows hold. */
function write(store: Store, of: Kind | 'orders', at: number, pick: number): void {
  if (of === 'plans') {
    const p = nth(store.plans, at);
    const other = nth(store.plans, pick);
    if (p && other) store.plans.set(p.pk, { ...p, status: PLAN_STATUSES[pick % PLAN_STATUSES.length]!, modified_date: other.modified_date, created_by: other.created_by });
  } else if (of === 'requests') {
    const r = nth(store.requests, at);
    const other = nth(store.requests, pick);
    if (r && other) store.requests.set(r.id, { ...r, status: other.status, modified_date: other.modified_date, description: other.description });
  } else {
    const o = nth(store.orders, at);
    const other = nth(store.orders, pick);
    if (o && other) store.orders.set(o.pk, { ...o, channel: other.channel });
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a first list waits for its indexes', () => {
  let restore: () => void;
  // Builds of 3 rows a step, one step a turn: at this size every build spans dozens of turns.
  beforeAll(() => {
    restore = setBuildPacing({ sliceMs: 0, rowsAStep: 3 });
  });
  afterAll(() => restore());

  it('answers what reading every row answers, whatever was written, cleared or reset during the builds', async () => {
    const base = createStore();
    seedStore(base, { seed: 9, size: 40 });
    let answered = 0;
    let waited = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const shared = sharedViewOf(base);
        const session = overlayOf(shared);
        const lists: Promise<void>[] = [];
        const gone: Array<[number, unknown]> = [];
        for (const step of steps) {
          if (step.kind === 'list') {
            const store = step.session ? session : shared;
            const ready = step.of === 'plans' ? planIndexesReady : requestIndexesReady;
            lists.push(
              (async () => {
                // Every third list does not wait: its lookups finish the builds under way at once.
                const waiting = step.at % 3 === 0 ? null : ready(store);
                if (waiting) {
                  waited += 1;
                  await waiting;
                }
                // As a list route does: the lookups right after the wait, in one synchronous step.
                const query = QUERIES[step.of][step.query]!(store, step.at);
                expect(listed(store, step.of, query, false), JSON.stringify(query)).toEqual(listed(store, step.of, query, true));
                answered += 1;
              })(),
            );
          } else if (step.kind === 'write') write(step.session ? session : shared, step.of, step.at, step.pick);
          else if (step.kind === 'delete') {
            const p = nth(shared.plans, step.at);
            if (p) {
              shared.plans.delete(p.pk);
              gone.push([p.pk, p]);
            }
          } else if (step.kind === 'readd') {
            const back = gone.pop();
            if (back) shared.plans.set(back[0], back[1] as never);
          } else if (step.kind === 'clear') shared.plans.clear();
          else if (step.kind === 'reset') replaceContents(shared, sharedViewOf(base));
          else if (step.kind === 'turn') {
            // Turns with (churn > 0) a write between each two: writes land in every phase of the builds.
            for (let i = 0; i < step.turns; i += 1) {
              await turn();
              if (step.churn > 0) write(i % 2 ? session : shared, (['plans', 'requests', 'orders'] as const)[i % 3]!, step.churn + i * 7, step.churn * 3 + i);
            }
          }
        }
        await Promise.all(lists);
      }),
      { seed: 19, numRuns: 120 },
    );
    console.log(`first-list-wait: ${answered} lists, ${waited} waited`);
    expect(answered).toBeGreaterThan(100);
    expect(waited).toBeGreaterThan(60);
    expect(answered - waited).toBeGreaterThan(30);
  });

  it('waits again after a reset, a clear or under a new session, once it has seen every index built', async () => {
    // The readiness checks remember "all built" per store (readinessOf): whatever can unbuild an
    // index since — a reset or import that assigns new collections, a clear, a new session's view
    // over a shared state being rebuilt — must make the next list wait again, not answer "ready".
    const base = createStore();
    seedStore(base, { seed: 9, size: 30 });
    const shared = sharedViewOf(base);
    for (const [kind, ready] of [['plans', planIndexesReady], ['requests', requestIndexesReady]] as const) {
      const settle = async (store: Store) => {
        const waiting = ready(store);
        if (waiting) await waiting;
        expect(ready(store), `${kind}: built, then ready without a promise`).toBeNull();
        expect(ready(store), `${kind}: ready, asked again`).toBeNull();
      };
      expect(ready(shared), `${kind}: the first list waits`).not.toBeNull();
      await settle(shared);
      // A reset (reseed, import) assigns new collections: their indexes are not built yet.
      replaceContents(shared, sharedViewOf(base));
      expect(ready(shared), `${kind}: the first list after a reset waits`).not.toBeNull();
      await settle(shared);
      // A clear of the listed collection unbuilds its indexes.
      (kind === 'plans' ? shared.plans : shared.requests).clear();
      expect(ready(shared), `${kind}: the first list after a clear waits`).not.toBeNull();
      await settle(shared);
      // A session's view waits for the shared indexes it reads through, rebuilt after a reset.
      replaceContents(shared, sharedViewOf(base));
      const session = overlayOf(shared);
      expect(ready(session), `${kind}: a session's first list after a reset waits`).not.toBeNull();
      await settle(session);
    }
  });

  it('keeps the writes made while the sorted indexes are being built', async () => {
    const base = createStore();
    seedStore(base, { seed: 9, size: 24 });
    // Every row written once, all at turn `at` of the builds (none: `at` < 0); answers the turns
    // the builds took. A sorted index's build reads three rows a turn, so for some `at` the write
    // lands on rows it has read already — kept only if the build noted them: nothing mends them later.
    const scenario = async (at: number): Promise<number> => {
      const shared = sharedViewOf(base);
      let built = false;
      const waits = Promise.all([planIndexesReady(shared), requestIndexesReady(shared)]).then(() => {
        built = true;
      });
      let turns = 0;
      while (!built) {
        await turn();
        if (turns++ !== at) continue;
        let n = 0;
        for (const p of [...shared.plans.values()]) shared.plans.set(p.pk, { ...p, ...moved(n++) });
        for (const r of [...shared.requests.values()]) shared.requests.set(r.id, { ...r, ...moved(n++) });
      }
      await waits;
      for (const of of ['plans', 'requests'] as const) {
        const queries: Record<string, string>[] = [
          { modified_date__gte: '2099-01-01T00:00:00Z' },
          { modified_date__lt: '2099-01-10T00:00:00Z' },
          { created_date__gte: '2099-01-01T00:00:00Z' },
          { created_date__lte: '2001-01-01T00:00:00Z' },
        ];
        for (const query of queries) {
          expect(listed(shared, of, query, false), `write at turn ${at}: ${of} ${JSON.stringify(query)}`).toEqual(listed(shared, of, query, true));
        }
      }
      return turns;
    };
    const moved = (n: number) => {
      const future = `2099-01-${String((n % 28) + 1).padStart(2, '0')}T00:00:00Z`;
      return { modified_date: future, created_date: n % 2 ? future : '2001-01-01T00:00:00Z' };
    };
    const turns = await scenario(-1);
    expect(turns).toBeGreaterThan(20);
    for (let at = 0; at < turns; at += 2) await scenario(at);
  });
});
