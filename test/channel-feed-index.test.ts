import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelOfPlan, channelOfRequest } from '../src/domain/channels/channel-scope.ts';
import { allImages, IMAGES_CHANGE_AFTER_MADE, type RequestImage } from '../src/domain/images/request-images.ts';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { compileFilters } from '../src/domain/shared/filter-engine.ts';
import { channelImageFeed, channelPlanFeed } from '../src/http/channel-feeds.ts';
import { newestFirst } from '../src/http/newest-first.ts';
import { feedPage } from '../src/http/sync-feed.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { overlayOf, sharedViewOf } from '../src/state/store-views.ts';
import { createStore, type Store } from '../src/store/store.ts';
import { PLAN_STATUSES } from '../src/store/types.ts';

/**
 * The sales-channel feeds read their channel's rows from the indexes and, for a large result,
 * walk the plans in `modified_date` order only as far as the page (issue 26). Whatever was
 * written, the answer must be the rows and order that filtering every row and sorting gives —
 * the oracle is exactly that (every plan, the channel and filters as predicates, `feedPage`).
 */

type StoreKind = 'shared' | 'session';
const storeOf = (kind: StoreKind): Store => {
  const base = createStore();
  seedStore(base, { seed: 11, size: 90 });
  return kind === 'shared' ? sharedViewOf(base) : overlayOf(base);
};

function nth<T>(map: ReadonlyMap<number, T>, at: number): T | undefined {
  if (map.size === 0) return undefined;
  let i = at % map.size;
  for (const v of map.values()) if (i-- === 0) return v;
  return undefined;
}

type Write =
  | { kind: 'plan'; at: number; status: string; date: number }
  | { kind: 'request'; at: number; date: number; refund: boolean }
  | { kind: 'channel'; at: number; from: number }
  | { kind: 'delete'; at: number };

/** Dates before, among and after the seeded ones, some equal (ties are ordered by key). */
const dateOf = (n: number) => `20${10 + (n % 20)}-0${1 + (n % 9)}-01T00:00:00.000000Z`;

function apply(store: Store, w: Write): void {
  if (w.kind === 'plan') {
    const p = nth(store.plans, w.at);
    if (p) store.plans.set(p.pk, { ...p, status: w.status as typeof p.status, modified_date: dateOf(w.date) });
  } else if (w.kind === 'request') {
    const r = nth(store.requests, w.at);
    if (r) store.requests.set(r.id, { ...r, created_date: dateOf(w.date), cancellation_type: w.refund ? 'refund' : 'cancel' });
  } else if (w.kind === 'channel') {
    const o = nth(store.orders, w.at);
    const other = nth(store.orders, w.from);
    if (o && other) store.orders.set(o.pk, { ...o, channel: other.channel });
  } else {
    const p = nth(store.plans, w.at);
    if (p) store.plans.delete(p.pk);
    const r = nth(store.requests, w.at);
    if (r) store.requests.delete(r.id);
  }
}

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant('plan' as const), at: fc.nat(300), status: fc.constantFrom(...PLAN_STATUSES), date: fc.nat(60) }),
  fc.record({ kind: fc.constant('request' as const), at: fc.nat(300), date: fc.nat(60), refund: fc.boolean() }),
  fc.record({ kind: fc.constant('channel' as const), at: fc.nat(300), from: fc.nat(300) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(300) }),
);

const queryArb = fc.record({
  status: fc.option(fc.constantFrom(...PLAN_STATUSES), { nil: undefined, freq: 2 }),
  since: fc.option(fc.nat(60), { nil: undefined, freq: 2 }),
  page: fc.integer({ min: 1, max: 3 }),
  limit: fc.integer({ min: 1, max: 8 }),
  channelAt: fc.nat(20),
});
type Query = typeof queryArb extends fc.Arbitrary<infer Q> ? Q : never;

function urlOf(q: Query): URL {
  const url = new URL('http://mock/feed/');
  if (q.status) url.searchParams.set('status', q.status);
  if (q.since !== undefined) url.searchParams.set('modified_date__gt', dateOf(q.since));
  // Now and then a range of another sorted index than the feed's order (created, not modified dates).
  if (q.limit % 3 === 0) url.searchParams.set('created_date__gte', '2000-01-01');
  url.searchParams.set('page', String(q.page));
  url.searchParams.set('limit', String(q.limit));
  return url;
}

function planAnswers(store: Store, q: Query) {
  const channel = nth(store.channels, q.channelAt)!.pk;
  const url = urlOf(q);
  const compiled = compileFilters(planFilters(store), new Map([...url.searchParams].filter(([k]) => k !== 'page' && k !== 'limit')));
  const every = newestFirst(store.plans, { predicates: compiled.predicates, sources: [] }).slice().filter((p) => channelOfPlan(store, p) === channel);
  return {
    oracle: feedPage(every, url, (p) => p.pk).map((p) => p.pk),
    walked: channelPlanFeed(store, channel, compiled, url, 0).map((p) => p.pk),
    sorted: channelPlanFeed(store, channel, compiled, url).map((p) => p.pk),
    // A short first walk that gives up: counted, then sorted whole or walked to the end.
    counted: channelPlanFeed(store, channel, compiled, url, undefined, 2).map((p) => p.pk),
    countedWalked: channelPlanFeed(store, channel, compiled, url, 0, 2).map((p) => p.pk),
  };
}

function imageAnswers(store: Store, q: Query) {
  const channel = nth(store.channels, q.channelAt)!.pk;
  const url = urlOf(q);
  const keep = (i: RequestImage) => q.since === undefined || i.modified_date > dateOf(q.since);
  const every = allImages(store).filter((i) => channelOfRequest(store, store.requests.get(i.cancellation_request)!) === channel && keep(i));
  const oracle = feedPage(every, url, (i) => i.id).map((i) => i.id);
  // The `updates/` route answers [] at once on this premise: check it holds through the writes.
  if (!IMAGES_CHANGE_AFTER_MADE) expect(allImages(store).filter((i) => i.modified_date > i.created_date)).toEqual([]);
  const indexed = channelImageFeed(store, channel, keep, url);
  return { oracle, indexed: indexed === null ? oracle : indexed.map((i) => i.id) };
}

describe('sales-channel feeds over the indexes', () => {
  it.each<StoreKind>(['shared', 'session'])('answer what filtering every row and sorting answers, through any writes (%s store)', (kind) => {
    let nonEmpty = 0;
    let nonEmptyImages = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(writeArb, queryArb.map((q) => ({ kind: 'check' as const, q }))), { minLength: 1, maxLength: 20 }), (steps) => {
        const store = storeOf(kind);
        // Built before the writes, so they are filed incrementally.
        planAnswers(store, { page: 1, limit: 5, channelAt: 0, status: undefined, since: undefined });
        imageAnswers(store, { page: 1, limit: 5, channelAt: 0, status: undefined, since: undefined });
        for (const step of steps) {
          if (step.kind !== 'check') {
            apply(store, step);
            continue;
          }
          const plans = planAnswers(store, step.q);
          expect(plans.walked).toEqual(plans.oracle);
          expect(plans.sorted).toEqual(plans.oracle);
          expect(plans.counted).toEqual(plans.oracle);
          expect(plans.countedWalked).toEqual(plans.oracle);
          const images = imageAnswers(store, step.q);
          expect(images.indexed).toEqual(images.oracle);
          if (plans.oracle.length > 0) nonEmpty += 1;
          if (images.oracle.length > 0) nonEmptyImages += 1;
        }
      }),
      { seed: 26, numRuns: 15 },
    );
    expect(nonEmpty).toBeGreaterThan(15);
    expect(nonEmptyImages).toBeGreaterThan(10);
  });
});
