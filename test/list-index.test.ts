import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedViewOf, overlayOf } from '../src/state/store-views.ts';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { planCandidates } from '../src/domain/plans/plan-indexes.ts';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { createStore, insertPlan, nextId, type Store } from '../src/store/store.ts';
import { CANCELLATION_TYPES, PLAN_STATUSES } from '../src/store/types.ts';
import { CHANNEL_TYPES } from '../src/domain/plans/plan-filters.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * The plan list answers its common filters from indexes (issue 12). Whatever was written — by
 * the domain or not, before or after the index was built, in the shared state or a session —
 * the indexed answer must be exactly the rows and order that reading every row gives. The
 * oracle is the same filters run with their indexes taken away (`sources: []`), which reads
 * every plan; the filters' meaning itself is tested in `plan-list-filters.test.ts`.
 */

type StoreKind = 'seeded' | 'shared' | 'session';

function storeOf(kind: StoreKind): Store {
  const base = createStore();
  seedStore(base, { seed: 7, size: 90 });
  if (kind === 'shared') return sharedViewOf(base);
  if (kind === 'session') return overlayOf(base);
  return base;
}

type Write =
  | { kind: 'status'; at: number; status: string }
  | { kind: 'create'; at: number; dateFrom: number; last: boolean }
  | { kind: 'delete'; at: number }
  | { kind: 'order'; at: number; from: number }
  | { kind: 'check'; query: Record<string, string>; start: number; size: number };

/** The nth key of a Map, wrapping (writes and queries pick plans and orders by position). */
function nth<T>(map: ReadonlyMap<number, T>, at: number): T | undefined {
  if (map.size === 0) return undefined;
  let i = at % map.size;
  for (const v of map.values()) if (i-- === 0) return v;
  return undefined;
}

/** A query of one to three filters, mostly indexed ones, with values the store holds. */
function queryArb(): fc.Arbitrary<Record<string, string>> {
  const at = fc.nat(500);
  const filter = (name: string, value: fc.Arbitrary<string>) => value.map((v) => [name, v] as const);
  return fc
    .uniqueArray(
      fc.oneof(
        filter('status', fc.constantFrom(...PLAN_STATUSES)),
        filter('plan_type', fc.constantFrom(...CANCELLATION_TYPES)),
        filter('channel_type', fc.constantFrom(...CHANNEL_TYPES.slice(0, 8))),
        filter('order_number', at.map((n) => `#order:${n}`)),
        filter('customer_id', at.map((n) => `#customer:${n}`)),
        filter('order', at.map((n) => `#orderpk:${n}`)),
        filter('channel_id__in', fc.array(fc.nat(9), { minLength: 1, maxLength: 3 }).map((a) => a.join(','))),
        filter('pk__in', fc.array(fc.nat(140), { minLength: 1, maxLength: 6 }).map((a) => a.join(','))),
        filter('created_date__gte', at.map((n) => `#created:${n}`)),
        filter('created_date__lt', at.map((n) => `#created:${n}`)),
        filter('created_date__date', at.map((n) => `#day:${n}`)),
        filter('created_date__date__lt', at.map((n) => `#day:${n}`)),
        filter('created_date__date__gt', at.map((n) => `#day:${n}`)),
        // Not indexed: mixed with indexed ones, the rows left are read and this one is run.
        filter('modified_date__gte', at.map((n) => `#created:${n}`)),
        // Many matches, read by position (issue 26: deep pages of a value's posting list).
        filter('created_by', at.map((n) => `#createdby:${n}`)),
        filter('modified_by', at.map((n) => `#modifiedby:${n}`)),
        filter('retail_store_remote_id', at.map((n) => `#store:${n}`)),
        filter('related_cancellation_plan__plan_type', fc.constantFrom(...CANCELLATION_TYPES)),
        filter('tag', fc.constantFrom('vip', 'urgent', 'fraud-check')),
        filter('tag__exclude', fc.constantFrom('vip', 'urgent')),
      ),
      { minLength: 1, maxLength: 3, selector: ([name]) => name },
    )
    .map((pairs) => Object.fromEntries(pairs));
}

/** Replaces `#order:12`-style placeholders with values of the store's 12th plan. */
function resolve(store: Store, query: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, raw] of Object.entries(query)) {
    const m = /^#(\w+):(\d+)$/.exec(raw);
    if (!m) {
      out.set(name, raw);
      continue;
    }
    const plan = nth(store.plans, Number(m[2]));
    const order = plan && store.orders.get(plan.order);
    if (!plan || !order) continue;
    const value = {
      order: order.number,
      customer: String(order.customer),
      orderpk: String(order.pk),
      created: plan.created_date,
      day: plan.created_date.slice(0, 10),
      createdby: String(plan.created_by),
      modifiedby: String(plan.last_updated_by),
      store: plan.retail_store_remote_id ?? undefined,
    }[m[1]!];
    if (value !== undefined) out.set(name, value);
  }
  return out;
}

function apply(store: Store, w: Exclude<Write, { kind: 'check' }>): void {
  if (w.kind === 'status') {
    const plan = nth(store.plans, w.at);
    if (plan) store.plans.set(plan.pk, { ...plan, status: w.status as typeof plan.status });
  } else if (w.kind === 'create') {
    const plan = nth(store.plans, w.at);
    const dated = nth(store.plans, w.dateFrom);
    if (!plan || !dated) return;
    // Either the newest date of all (appended to the sorted index) or an older one (re-sorted).
    const created_date = w.last ? '2099-01-01T00:00:00.000000Z' : dated.created_date;
    insertPlan(store, { ...plan, pk: nextId(store, 'plans'), created_date });
  } else if (w.kind === 'delete') {
    const plan = nth(store.plans, w.at);
    if (plan) store.plans.delete(plan.pk);
  } else {
    // An order's own fields change: the plans filed by them must move (no domain rule does this
    // today; the index must not rely on that).
    const plan = nth(store.plans, w.at);
    const other = nth(store.orders, w.from);
    const order = plan && store.orders.get(plan.order);
    if (order && other) {
      store.orders.set(order.pk, { ...order, channel: other.channel, customer: other.customer, number: `${other.number}-x` });
    }
  }
}

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), at: fc.nat(500), status: fc.constantFrom(...PLAN_STATUSES) }),
  fc.record({ kind: fc.constant('create' as const), at: fc.nat(500), dateFrom: fc.nat(500), last: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(500) }),
  fc.record({ kind: fc.constant('order' as const), at: fc.nat(500), from: fc.nat(500) }),
  fc.record({ kind: fc.constant('check' as const), query: queryArb(), start: fc.nat(30), size: fc.integer({ min: 1, max: 40 }) }),
  // Deep pages: offsets up to most of the store.
  fc.record({ kind: fc.constant('check' as const), query: queryArb(), start: fc.nat(80), size: fc.integer({ min: 1, max: 20 }) }),
);

/** The indexed answer and the every-row answer to one query, as pk lists. */
function answers(store: Store, query: Map<string, string>, start: number, size: number) {
  const compiled = compileFilters(planFilters(store), query);
  expect(compiled.errors).toEqual({});
  // As the plan route asks: every key from the key index at hand (large results page from it).
  const indexed = newestFirst(store.plans, compiled, () => planCandidates(store).pkWithin({}));
  const scanned = newestFirst(store.plans, { predicates: compiled.predicates, sources: [] });
  return {
    sourcesUsed: compiled.sources.length,
    indexed: { count: indexed.length, page: indexed.slice(start, start + size).map((p) => p.pk), all: indexed.slice().map((p) => p.pk) },
    scanned: { count: scanned.length, page: scanned.slice(start, start + size).map((p) => p.pk), all: scanned.slice().map((p) => p.pk) },
  };
}

describe('plan list indexes', () => {
  it.each<StoreKind>(['seeded', 'shared', 'session'])(
    'answer exactly what reading every plan answers, through any writes (%s store)',
    (kind) => {
      let indexedQueries = 0;
      let nonEmpty = 0;
      fc.assert(
        fc.property(fc.array(writeArb, { minLength: 1, maxLength: 40 }), (writes) => {
          const store = storeOf(kind);
          // Built before the writes, so they are filed incrementally, not by a fresh build.
          answers(store, new Map([['status', 'waiting'], ['created_date__gte', '2000-01-01']]), 0, 10);
          for (const w of writes) {
            if (w.kind !== 'check') {
              apply(store, w);
              continue;
            }
            const got = answers(store, resolve(store, w.query), w.start, w.size);
            if (got.sourcesUsed > 0) indexedQueries += 1;
            if (got.scanned.count > 0) nonEmpty += 1;
            expect(got.indexed).toEqual(got.scanned);
          }
        }),
        { seed: 12, numRuns: 100 },
      );
      // The property is about indexed answers: make sure it asked for many.
      expect(indexedQueries).toBeGreaterThan(150);
      expect(nonEmpty).toBeGreaterThan(60);
    },
  );

  it('pages with the heap give the same rows as one sorted list, deep pages included', () => {
    const store = storeOf('shared');
    const compiled = compileFilters(planFilters(store), new Map([['created_date__gte', '2000-01-01']]));
    const rows = newestFirst(store.plans, compiled);
    const all = rows.slice().map((p) => p.pk);
    expect(all.length).toBe(store.plans.size);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    for (const [start, end] of [[0, 10], [10, 20], [all.length - 3, all.length], [0, all.length + 5]] as const) {
      expect(rows.slice(start, end).map((p) => p.pk)).toEqual(all.slice(start, end));
    }
  });

  it('reads every plan when the store is made of plain Maps (nothing to watch)', () => {
    const plain = storeOf('seeded');
    for (const [k, v] of Object.entries(plain)) if (v instanceof Map) (plain as unknown as Record<string, unknown>)[k] = new Map(v);
    const compiled = compileFilters(planFilters(plain), new Map([['status', 'waiting']]));
    expect(compiled.sources.map((s) => s.find())).toEqual([null]);
    const waiting = newestFirst(plain.plans, compiled).slice();
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((p) => p.status === 'waiting')).toBe(true);
  });
});

describe('plan list indexes, through the API', () => {
  const PLANS = '/api/v1/cancellation_plans/';
  const pks = async (mock: Awaited<ReturnType<typeof createTestMock>>, query: string, session?: string) => {
    const res = await mock.request(`${PLANS}?limit=1000&${query}`, {
      headers: { ...AUTH, ...(session ? { 'X-Mock-Session': session } : {}) },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.count).toBe(body.results.length);
    return body.results.map((p: { pk: number }) => p.pk) as number[];
  };

  it('moves a plan between status lists as update_status moves it, in the shared state and in a session alone', async () => {
    const mock = await createTestMock();
    const waiting = await pks(mock, 'status=waiting');
    const approvedBefore = await pks(mock, 'status=approved&plan_type=cancel');
    const moved = waiting.find((pk) => mock.store.plans.get(pk)!.plan_type === 'cancel')!;
    expect(moved).toBeDefined();

    const inSession = await mock.postJson(`${PLANS}${moved}/update_status/`, { status: 'approved' }, { 'X-Mock-Session': 'qa' });
    expect(inSession.status).toBe(200);
    expect(await pks(mock, 'status=waiting', 'qa')).not.toContain(moved);
    expect(await pks(mock, 'status=approved&plan_type=cancel', 'qa')).toEqual(
      [...approvedBefore, moved].sort((a, b) => b - a),
    );
    // The shared state did not move.
    expect(await pks(mock, 'status=waiting')).toEqual(waiting);

    expect((await mock.postJson(`${PLANS}${moved}/update_status/`, { status: 'approved' })).status).toBe(200);
    expect(await pks(mock, 'status=waiting')).toEqual(waiting.filter((pk) => pk !== moved));
    expect(await pks(mock, 'status=approved&plan_type=cancel')).toEqual([...approvedBefore, moved].sort((a, b) => b - a));
  });

  it('finds a plan created after the index was built, by its order and by a date range', async () => {
    const mock = await createTestMock();
    const newestBefore = await pks(mock, 'created_date__gte=2000-01-01');
    const made = await mock.postJson('/__mock/fixtures', { kind: 'plan', status: 'waiting', items: 1 });
    expect(made.status).toBe(201);
    const { plan, order } = await json(made);
    const number = mock.store.orders.get(order)!.number;
    expect(await pks(mock, `order_number=${encodeURIComponent(number)}`)).toEqual([plan]);
    expect(await pks(mock, `order=${order}&status=waiting`)).toEqual([plan]);
    expect(await pks(mock, 'created_date__gte=2000-01-01')).toEqual([plan, ...newestBefore]);
  });
});
