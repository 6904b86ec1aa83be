import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestFilters } from '../src/domain/requests/request-filters.ts';
import { requestCandidates } from '../src/domain/requests/request-indexes.ts';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { taggedKeys } from '../src/domain/shared/tag-filters.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { overlayOf, replaceContents, sharedViewOf, snapshotOf } from '../src/state/store-views.ts';
import { createStore, insertRequest, nextId, removeRequest, type Store } from '../src/store/store.ts';
import { CANCELLATION_TYPES, PLAN_STATUSES, REQUEST_STATUSES, type CancellationRequest } from '../src/store/types.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * The request lists answer every filter from indexes (issue 26). Whatever was written — a
 * request's own fields, its order, customer, product or plan, its tags, new and deleted
 * requests, a whole reset — in the shared state or a session, the indexed answer must be the
 * rows and order that reading every row gives (the same filters with their indexes taken away).
 */

type StoreKind = 'seeded' | 'shared' | 'session';

function storeOf(kind: StoreKind): Store {
  const base = createStore();
  seedStore(base, { seed: 5, size: 40 });
  if (kind === 'shared') return sharedViewOf(base);
  if (kind === 'session') return overlayOf(base);
  return base;
}

function nth<T>(map: ReadonlyMap<number, T>, at: number): T | undefined {
  if (map.size === 0) return undefined;
  let i = at % map.size;
  for (const v of map.values()) if (i-- === 0) return v;
  return undefined;
}

type Write = { kind: 'request' | 'order' | 'customer' | 'product' | 'plan' | 'tag' | 'create' | 'delete' | 'reset'; at: number; pick: number };
type Check = { kind: 'check'; query: [string, string][]; tag: null | { pick: number; keep: boolean }; start: number };
const TAGS = ['vip', 'late', 'fraud'];

/** Filters with a placeholder value (`#n`) read from the nth request when the check runs. */
const FILTERS: Array<[string, (r: CancellationRequest, s: Store, n: number) => string | undefined]> = [
  ['status', (_r, _s, n) => REQUEST_STATUSES[n % REQUEST_STATUSES.length]],
  ['cancellation_type', (_r, _s, n) => CANCELLATION_TYPES[n % 2]],
  ['cancellation_plan_status', (_r, _s, n) => PLAN_STATUSES[n % PLAN_STATUSES.length]],
  ['pk__in', (r) => `${r.id},${r.id + 3}`],
  ['pk__gte', (r) => String(r.id)],
  ['pk__lt', (r) => String(r.id)],
  ['uuid', (r) => r.uuid.toUpperCase()],
  ['reason', (r) => String(r.reason)],
  ['order_item', (r) => String(r.order_item)],
  ['order', (r, s) => String(s.orderItems.get(r.order_item)?.order)],
  ['channel', (r, s) => String(s.orders.get(s.orderItems.get(r.order_item)!.order)?.channel)],
  ['currency', (r, s) => s.orders.get(s.orderItems.get(r.order_item)!.order)?.currency],
  ['order_number', (r, s) => s.orders.get(s.orderItems.get(r.order_item)!.order)?.number.toUpperCase()],
  ['sku', (r, s) => s.products.get(s.orderItems.get(r.order_item)!.product)?.sku],
  ['customer_first_name', (r, s) => s.customers.get(s.orders.get(s.orderItems.get(r.order_item)!.order)!.customer)?.first_name],
  ['quantity', (r) => String(r.quantity)],
  ['iban', (r) => r.iban ?? undefined],
  ['fully_refund_as_loyalty_money', (_r, _s, n) => (n % 2 ? 'true' : 'False')],
  ['description', (r, _s, n) => r.description?.slice(n % 3, (n % 3) + 3).toUpperCase()],
  ['created_date__gte', (r) => r.created_date],
  ['created_date__date__lt', (r) => r.created_date.slice(0, 10)],
  ['modified_date__gt', (r) => r.modified_date],
  ['modified_date__date', (r) => r.modified_date.slice(0, 10)],
];

/** Positions of requests: mostly the first few, so checks often read what writes just moved. */
const near = fc.oneof(fc.nat(6), fc.nat(300));
const checkArb: fc.Arbitrary<Check> = fc.record({
  kind: fc.constant('check' as const),
  query: fc.uniqueArray(fc.tuple(fc.nat(FILTERS.length - 1), near), { minLength: 0, maxLength: 3, selector: ([f]) => f })
    .map((pairs) => pairs.map(([f, n]) => [String(f), String(n)] as [string, string])),
  tag: fc.option(fc.record({ pick: fc.nat(2), keep: fc.boolean() })),
  start: fc.nat(12),
});
const writeArb: fc.Arbitrary<Write | Check> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('request', 'order', 'customer', 'product', 'plan', 'tag', 'create', 'delete', 'reset') as fc.Arbitrary<Write['kind']>,
    at: near,
    pick: fc.nat(300),
  }),
  checkArb,
  checkArb,
);

function apply(store: Store, w: Write, base: Store): void {
  const r = nth(store.requests, w.at);
  if (!r && w.kind !== 'reset') return;
  const item = r && store.orderItems.get(r.order_item)!;
  const order = item && store.orders.get(item.order)!;
  const other = nth(store.requests, w.pick)!;
  switch (w.kind) {
    case 'request': // its own fields, the modified date moving later or earlier
      store.requests.set(r!.id, {
        ...r!,
        status: REQUEST_STATUSES[w.pick % REQUEST_STATUSES.length]!,
        description: w.pick % 3 ? `Note ${w.pick} İade` : null,
        quantity: 1 + (w.pick % 2),
        modified_date: w.pick % 2 ? '2099-01-01T00:00:00.000000Z' : other.modified_date,
      });
      return;
    case 'order':
      store.orders.set(order!.pk, { ...order!, number: `N-${w.pick}`, currency: w.pick % 2 ? 'eur' : 'try', channel: w.pick % 3 });
      return;
    case 'customer': {
      const c = store.customers.get(order!.customer);
      if (c) store.customers.set(c.pk, { ...c, first_name: `IŞIK${w.pick % 4}` });
      return;
    }
    case 'product': {
      const p = store.products.get(item!.product);
      if (p) store.products.set(p.pk, { ...p, sku: `SKU-${w.pick % 5}` });
      return;
    }
    case 'plan': {
      const plan = nth(store.plans, w.pick);
      if (plan) store.plans.set(plan.pk, { ...plan, status: PLAN_STATUSES[w.at % PLAN_STATUSES.length]! });
      return;
    }
    case 'tag':
      if (w.pick % 2) store.tags.cancellation_request.add(r!.id, TAGS[w.pick % 3]!);
      else store.tags.cancellation_request.removeAll([r!.id], [TAGS[w.pick % 3]!]);
      return;
    case 'create':
      insertRequest(store, { ...other, id: nextId(store, 'requests'), uuid: crypto.randomUUID(), created_date: w.pick % 2 ? '2099-02-02T00:00:00.000000Z' : r!.created_date });
      return;
    case 'delete':
      removeRequest(store, r!.id);
      return;
    case 'reset': // a reset or an import: every collection's contents replaced at once
      replaceContents(store, snapshotOf(base));
  }
}

function answers(store: Store, check: Check) {
  const query = new Map<string, string>();
  for (const [f, n] of check.query) {
    const [name, read] = FILTERS[Number(f)]!;
    const r = nth(store.requests, Number(n));
    const value = r && read(r, store, Number(n));
    if (value) query.set(name, value);
  }
  const { predicates, sources, errors } = compileFilters(requestFilters(store), query);
  const compiled = { predicates: [...predicates], sources: [...sources], errors };
  expect(compiled.errors).toEqual({});
  if (check.tag) {
    const tags = store.tags.cancellation_request;
    const { keep } = check.tag;
    const key = TAGS[check.tag.pick]!;
    compiled.predicates.push((r) => tags.has(r.id, key) === keep);
    compiled.sources.push({ predicate: compiled.predicates.length - 1, find: () => taggedKeys(tags, key, keep, store.requests) });
  }
  const ids = (list: { length: number; slice(a?: number, b?: number): CancellationRequest[] }) => ({
    count: list.length,
    page: list.slice(check.start, check.start + 10).map((r) => r.id),
    all: list.slice().map((r) => r.id),
  });
  const sorted = ids(newestFirst(store.requests, compiled, () => requestCandidates(store).pkWithin({})));
  return {
    sources: compiled.sources.length,
    indexed: ids(newestFirst(store.requests, compiled)),
    sorted,
    scanned: ids(newestFirst(store.requests, { predicates: compiled.predicates, sources: [] })),
  };
}

const seeded = storeOf('seeded');

describe('request list indexes', () => {
  it.each<StoreKind>(['seeded', 'shared', 'session'])('answer what reading every request answers, through any writes (%s store)', (kind) => {
    let indexed = 0;
    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.array(writeArb, { minLength: 1, maxLength: 30 }), (steps) => {
        // Views over one seeded store (they never write it); the seeded kind is seeded afresh.
        const base = kind === 'seeded' ? storeOf('seeded') : seeded;
        const store = kind === 'seeded' ? base : kind === 'shared' ? sharedViewOf(base) : overlayOf(base);
        const reference = kind === 'seeded' ? seeded : base;
        // Every index built before the writes, so they are filed one by one, not by a fresh build.
        for (let f = 0; f < FILTERS.length; f += 1) answers(store, { kind: 'check', query: [[String(f), '1']], tag: { pick: 0, keep: true }, start: 0 });
        for (const step of steps) {
          if (step.kind !== 'check') {
            if (step.kind === 'reset' && kind === 'seeded') continue;
            apply(store, step, reference);
            continue;
          }
          const got = answers(store, step);
          if (got.sources > 0) indexed += 1;
          if (got.scanned.count > 0) nonEmpty += 1;
          expect(got.indexed).toEqual(got.scanned);
          expect(got.sorted).toEqual(got.scanned);
        }
      }),
      { seed: 26, numRuns: kind === 'seeded' ? 25 : 60 },
    );
    expect(indexed).toBeGreaterThan(50);
    expect(nonEmpty).toBeGreaterThan(25);
  });
});

describe('request list indexes follow the rows a request reads', () => {
  // Each write changes a value some filter reads through a relation; the request must be found
  // by its new value, as a scan finds it (each case fails if that relation's write is not heard).
  const cases: Array<[string, string, (s: Store, r: CancellationRequest) => string]> = [
    ['order_number', 'order', (s, r) => {
      const o = s.orders.get(s.orderItems.get(r.order_item)!.order)!;
      s.orders.set(o.pk, { ...o, number: 'NEW-1' });
      return 'new-1';
    }],
    ['customer_first_name', 'customer', (s, r) => {
      const c = s.customers.get(s.orders.get(s.orderItems.get(r.order_item)!.order)!.customer)!;
      s.customers.set(c.pk, { ...c, first_name: 'IŞIK' });
      return 'ışık';
    }],
    ['sku', 'product', (s, r) => {
      const p = s.products.get(s.orderItems.get(r.order_item)!.product)!;
      s.products.set(p.pk, { ...p, sku: 'SKU-NEW' });
      return 'sku-new';
    }],
    ['cancellation_plan_status', 'plan', (s, r) => {
      const plan = [...s.plans.values()].find((p) => p.plan_type === r.cancellation_type)!;
      s.requests.set(r.id, { ...r, cancellation_plan: plan.pk });
      s.plans.set(plan.pk, { ...plan, status: 'manuel_refund_need' });
      return 'manuel_refund_need';
    }],
  ];
  it.each(cases.flatMap(([f, what, change]) => (['shared', 'session'] as const).map((kind) => [f, what, kind, change] as const)))(
    '%s after a write to its %s (%s store)',
    (filter, _what, kind, change) => {
      const store = kind === 'shared' ? sharedViewOf(seeded) : overlayOf(seeded);
      const r = [...store.requests.values()][3]!;
      answers(store, { kind: 'check', query: [[String(FILTERS.findIndex(([n]) => n === filter)), '3']], tag: null, start: 0 });
      const value = change(store, store.requests.get(r.id)!);
      const compiled = compileFilters(requestFilters(store), new Map([[filter, value]]));
      expect(compiled.sources.length).toBe(1);
      const found = newestFirst(store.requests, compiled).slice().map((x) => x.id);
      expect(found).toContain(r.id);
      expect(found).toEqual(newestFirst(store.requests, { predicates: compiled.predicates, sources: [] }).slice().map((x) => x.id));
    },
  );
});

describe('request list indexes, through the API', () => {
  const REQUESTS = '/api/v1/cancellation_requests/';
  const ids = async (mock: Awaited<ReturnType<typeof createTestMock>>, path: string, session?: string) => {
    const res = await mock.request(path, { headers: { ...AUTH, ...(session ? { 'X-Mock-Session': session } : {}) } });
    expect(res.status).toBe(200);
    const body = await json(res);
    return { count: body.count as number, ids: body.results.map((r: { id: number }) => r.id) as number[] };
  };

  it('moves a request between tag lists as bulk tag writes move it, in a session alone, and back after a reset', async () => {
    const mock = await createTestMock();
    const all = await ids(mock, `${REQUESTS}?limit=2`);
    const [a, b] = all.ids as [number, number];
    const tagged = await ids(mock, `${REQUESTS}filter_tags/?key=speed`);
    expect(tagged.count).toBe(0);
    expect((await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: [a, b], keys: ['speed'] }, { 'X-Mock-Session': 's' })).status).toBe(204);
    expect((await ids(mock, `${REQUESTS}filter_tags/?key=speed`, 's')).ids).toEqual([a, b].sort((x, y) => y - x));
    expect((await ids(mock, `${REQUESTS}exclude_tags/?key=speed&limit=1`, 's')).count).toBe(all.count - 2);
    expect((await ids(mock, `${REQUESTS}filter_tags/?key=speed`)).count).toBe(0);

    expect((await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: [a], keys: ['speed'] })).status).toBe(204);
    expect((await ids(mock, `${REQUESTS}filter_tags/?key=speed`)).ids).toEqual([a]);
    const status = mock.store.requests.get(a)!.status;
    expect((await ids(mock, `${REQUESTS}exclude_tags/?key=speed&status=${status}&limit=1000`)).ids).not.toContain(a);
    expect((await mock.postJson('/__mock/reset', {})).status).toBeLessThan(300);
    expect((await ids(mock, `${REQUESTS}filter_tags/?key=speed`)).count).toBe(0);
    expect((await ids(mock, `${REQUESTS}exclude_tags/?key=speed&limit=1`)).count).toBe(all.count);
  });
});
