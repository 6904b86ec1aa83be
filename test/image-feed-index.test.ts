import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelOfRequest } from '../src/domain/channels/channel-scope.ts';
import { channelImagesPage } from '../src/domain/images/image-feed.ts';
import { allImages } from '../src/domain/images/request-images.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { replaceContents, sharedViewOf, snapshotOf } from '../src/state/store-views.ts';
import { createStore, insertRequest, nextId, removeRequest, type Store } from '../src/store/store.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * A channel's image feed reads the requests with images from an index by channel and date
 * (issue 26). Whatever was written — a request's type or date, its order item moved to another
 * order, an order moved to another channel, requests made and deleted, a reset — a page must be
 * the images and order that making every image, keeping the channel's and sorting gives.
 */

const base = createStore();
seedStore(base, { seed: 11, size: 90 });

function nth<T>(map: ReadonlyMap<number, T>, at: number): T | undefined {
  if (map.size === 0) return undefined;
  let i = at % map.size;
  for (const v of map.values()) if (i-- === 0) return v;
  return undefined;
}

/** Dates among the seeded ones and equal to each other (ties are ordered by request id). */
const dateOf = (n: number) => `20${20 + (n % 8)}-0${1 + (n % 9)}-01T00:00:00.000000Z`;

type Step =
  | { kind: 'request' | 'item' | 'order' | 'create' | 'delete' | 'reset'; at: number; n: number }
  | { kind: 'check'; channelAt: number; skip: number; take: number; since: number | null };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('request', 'item', 'order', 'create', 'delete', 'reset') as fc.Arbitrary<'request'>, at: fc.nat(200), n: fc.nat(200) }),
  fc.record({ kind: fc.constant('check' as const), channelAt: fc.nat(10), skip: fc.nat(12), take: fc.integer({ min: 1, max: 6 }), since: fc.option(fc.nat(40)) }),
);

function apply(store: Store, s: Exclude<Step, { kind: 'check' }>): void {
  const r = nth(store.requests, s.at);
  if (s.kind === 'reset') return replaceContents(store, snapshotOf(base));
  if (!r) return;
  const item = store.orderItems.get(r.order_item)!;
  switch (s.kind) {
    case 'request':
      store.requests.set(r.id, { ...r, created_date: dateOf(s.n), cancellation_type: s.n % 2 ? 'refund' : 'cancel' });
      return;
    case 'item': {
      // The request's order item now belongs to another order (another channel, maybe), moved as
      // the store keeps an item: its order and both orders' item lists (no route moves one; the
      // references invariant holds the lists to the items).
      const to = nth(store.orders, s.n)!.pk;
      store.itemsByOrder.set(item.order, (store.itemsByOrder.get(item.order) ?? []).filter((pk) => pk !== item.pk));
      store.itemsByOrder.set(to, [...(store.itemsByOrder.get(to) ?? []), item.pk]);
      store.orderItems.set(item.pk, { ...item, order: to });
      return;
    }
    case 'order': {
      const order = store.orders.get(item.order)!;
      store.orders.set(order.pk, { ...order, channel: nth(store.channels, s.n)!.pk });
      return;
    }
    case 'create': // an id that is a multiple of 3 and a refund: it has images
      for (let id = nextId(store, 'requests'); ; id = nextId(store, 'requests')) {
        if (id % 3 !== 0) continue;
        insertRequest(store, { ...r, id, cancellation_type: 'refund', created_date: dateOf(s.n) });
        return;
      }
    case 'delete':
      removeRequest(store, r.id);
  }
}

function oracle(store: Store, channel: number, keep: (d: string) => boolean, skip: number, take: number): number[] {
  return allImages(store)
    .filter((i) => channelOfRequest(store, store.requests.get(i.cancellation_request)!) === channel && keep(i.modified_date))
    .slice(skip, skip + take)
    .map((i) => i.id);
}

describe('the sales-channel image feed index', () => {
  it('answers what making, filtering and sorting every image answers, through any writes', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
        const store = sharedViewOf(base);
        // Built before the writes, so they are moved into place one by one.
        channelImagesPage(store, 1, () => true, 0, 1);
        for (const s of steps) {
          if (s.kind !== 'check') {
            apply(store, s);
            continue;
          }
          const channel = nth(store.channels, s.channelAt)!.pk;
          const keep = (d: string) => s.since === null || d > dateOf(s.since);
          const want = oracle(store, channel, keep, s.skip, s.take);
          // With no filter the images before the page are counted, not made: both ways.
          const got = channelImagesPage(store, channel, s.since === null ? null : (i) => keep(i.modified_date), s.skip, s.take);
          expect(got?.map((i) => i.id)).toEqual(want);
          if (want.length > 0) nonEmpty += 1;
        }
      }),
      { seed: 26, numRuns: 40 },
    );
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('follows an item moved to another order whose channel then changes (the walk above seldom meets it)', () => {
    const store = sharedViewOf(base);
    channelImagesPage(store, 1, () => true, 0, 1);
    const imaged = allImages(store)[0]!.cancellation_request;
    const at = [...store.requests.keys()].indexOf(imaged);
    const item = store.orderItems.get(store.requests.get(imaged)!.order_item)!;
    let n = 0;
    while (nth(store.orders, n)!.pk === item.order) n += 1;
    apply(store, { kind: 'item', at, n });
    // Read between the writes, so the index has taken the move in before the order's write.
    channelImagesPage(store, 1, () => true, 0, 1);
    const channel = channelOfRequest(store, store.requests.get(imaged)!);
    let c = 0;
    while (nth(store.channels, c)!.pk === channel) c += 1;
    apply(store, { kind: 'order', at, n: c });
    expect(channelOfRequest(store, store.requests.get(imaged)!)).toBe(nth(store.channels, c)!.pk);
    for (const ch of store.channels.keys()) {
      expect(channelImagesPage(store, ch, () => true, 0, 1000)?.map((i) => i.id)).toEqual(oracle(store, ch, () => true, 0, 1000));
    }
  });

  it('is one more view of the same images through the API, before and after a reset, and in a session', async () => {
    const mock = await createTestMock();
    const feed = async (channel: number, query: string, session?: string) => {
      const res = await mock.request(`/api/channel/${channel}/cancellation_request_images/inserts_or_updates/?${query}`, {
        headers: { ...AUTH, ...(session && { 'X-Mock-Session': session }) },
      });
      expect(res.status).toBe(200);
      return ((await json(res)) as Array<{ id: number }>).map((i) => i.id);
    };
    const channel = [...mock.store.channels.keys()][0]!;
    const expected = (skip: number, take: number) => oracle(mock.store, channel, () => true, skip, take);
    expect(await feed(channel, 'limit=5&page=2')).toEqual(expected(5, 5));
    // A request of the channel becomes a refund with images: it joins the feed in its place.
    const request = [...mock.store.requests.values()].find((r) => r.id % 3 === 0 && r.cancellation_type === 'cancel' && channelOfRequest(mock.store, r) === channel)!;
    mock.store.requests.set(request.id, { ...request, cancellation_type: 'refund' });
    const all = await feed(channel, 'limit=1000');
    expect(all).toEqual(expected(0, 1000));
    expect(all).toContain(request.id * 10 + 1);
    // A session starts from the seeded state: the request has no images there.
    const inSession = await feed(channel, 'limit=1000', 's');
    expect(inSession).not.toContain(request.id * 10 + 1);
    expect((await mock.postJson('/__mock/reset', {})).status).toBeLessThan(300);
    const after = await feed(channel, 'limit=1000');
    expect(after).not.toContain(request.id * 10 + 1);
    expect(after).toEqual(expected(0, 1000));
    expect(after).toEqual(inSession);
  });
});
