import { seededRandom as random } from './support/seeded-random.ts';
import { describe, expect, it } from 'vitest';
import { detailedRequestJsonBytes } from '../src/domain/requests/detailed-request-json.ts';
import { serializeDetailedRequest } from '../src/domain/requests/serialize-request.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { overlayOf, sharedViewOf } from '../src/state/store-views.ts';
import { createStore, type Store } from '../src/store/store.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * A detailed request written straight as JSON bytes (detailed-request-json.ts) must be byte for
 * byte `JSON.stringify(serializeDetailedRequest(…))`: every request of a small seed, after rounds
 * of random writes to each record it nests — the request (odd ids and uuids, text needing
 * escapes, an easy return or none), its order item (a key missing, an extra key), the order,
 * product, lists, its reason — in a plain store, the shared state's view and a session's.
 */

type Write = (s: Store, pick: <T>(m: Map<number, T>) => [number, T], n: number) => void;
const WRITES: Record<string, Write> = {
  'a request, text to escape': (s, pick, n) => {
    const [id, r] = pick(s.requests);
    s.requests.set(id, { ...r, description: n % 2 ? `"İade" \\ ${n}\n\u2028 😀` : null, status: 'confirmed', quantity: n, iban: n % 3 ? null : 'TR00 ş' });
  },
  'a request with a non-ASCII uuid and another reason': (s, pick, n) => {
    const [id, r] = pick(s.requests);
    const [reason] = pick(s.reasons);
    s.requests.set(id, { ...r, uuid: `ü-${n}-😀`, reason, attributes: { a: [n, null] }, localized_attributes: { tr: 'ğ' } });
  },
  'a request without an easy return': (s, pick) => {
    const [id, r] = pick(s.requests);
    s.requests.set(id, { ...r, easy_return: null });
  },
  'an order item with a key missing and one extra': (s, pick, n) => {
    const [pk, i] = pick(s.orderItems);
    const { extra_field: _gone, ...rest } = i;
    s.orderItems.set(pk, { ...rest, zz_extra: n, status_display: 'stale' } as never);
  },
  'an order item': (s, pick, n) => {
    const [pk, i] = pick(s.orderItems);
    s.orderItems.set(pk, { ...i, tracking_number: `T-${n}`, status: n % 2 ? '100' : '600', attributes: { renk: 'kırmızı' } } as never);
  },
  'an order': (s, pick, n) => {
    const [pk, o] = pick(s.orders);
    s.orders.set(pk, { ...o, notes: `not ${n} ğüşıöç`, extra_field: { k: n } });
  },
  'a reason renamed': (s, pick, n) => {
    const [pk, r] = pick(s.reasons);
    s.reasons.set(pk, { ...r, subject: `sebep ${n}`, created_date: '2030-01-01T00:00:00.000000Z' } as never);
  },
  'a product': (s, pick, n) => {
    const [pk, p] = pick(s.products);
    s.products.set(pk, { ...p, name: `Yeni ürün ${n}` } as never);
  },
  'a price list': (s, pick, n) => {
    const [pk, l] = pick(s.priceLists);
    s.priceLists.set(pk, { ...l, name: `fiyat ${n}` } as never);
  },
};

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('detailed request JSON bytes', () => {
  it.each(['plain', 'shared', 'session'] as const)('is JSON.stringify(serializeDetailedRequest(…)) for every request after rounds of random writes (%s store)', (kind) => {
    const base = createStore();
    seedStore(base, { seed: 7, size: 30 });
    const store = kind === 'plain' ? base : kind === 'shared' ? sharedViewOf(base) : overlayOf(base);
    const next = random(26);
    const pick = <T>(m: Map<number, T>): [number, T] => [...m.entries()][Math.floor(next() * m.size)]!;
    const names = Object.keys(WRITES);
    for (let round = 0; round < 10; round += 1) {
      for (let w = 0; w < 5; w += 1) WRITES[names[Math.floor(next() * names.length)]!]!(store, pick, round * 5 + w);
      for (const r of store.requests.values()) {
        expect(text(detailedRequestJsonBytes(store, r)), `round ${round}, request ${r.id}`).toBe(JSON.stringify(serializeDetailedRequest(store, r)));
      }
    }
  });

  it('writes what the objects give for records no route makes: a missing price or stock list, no uuid', () => {
    const store = createStore();
    seedStore(store, { seed: 5, size: 5 });
    const [request] = store.requests.values();
    const item = store.orderItems.get(request!.order_item)!;
    store.orderItems.set(item.pk, { ...item, price_list: 99_999, stock_list: 99_998 });
    const same = (r: typeof request) => expect(new TextDecoder().decode(detailedRequestJsonBytes(store, r!))).toBe(JSON.stringify(serializeDetailedRequest(store, r!)));
    same(request);
    same({ ...request!, uuid: undefined as unknown as string });
  });

  it('covers every kind of write at least once', () => {
    for (const [name, write] of Object.entries(WRITES)) {
      const store = createStore();
      seedStore(store, { seed: 3, size: 12 });
      let n = 0;
      const pick = <T>(m: Map<number, T>): [number, T] => [...m.entries()][n++ % m.size]!;
      for (let i = 0; i < 6; i += 1) write(store, pick, i);
      for (const r of store.requests.values()) {
        expect(text(detailedRequestJsonBytes(store, r)), `${name}, request ${r.id}`).toBe(JSON.stringify(serializeDetailedRequest(store, r)));
      }
    }
  });

  it('answers the detailed list as the objects would, page links and all, after a write', async () => {
    const mock = await createTestMock();
    const [first] = [...mock.store.requests.values()].reverse();
    const reason = mock.store.reasons.get(first!.reason)!;
    mock.store.reasons.set(reason.pk, { ...reason, subject: 'Yeni "sebep"' } as never);
    const res = await mock.request('/api/v1/cancellation_requests/detailed/?limit=3&page=2', { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await json(res);
    const rows = [...mock.store.requests.values()].reverse().slice(3, 6);
    expect(JSON.stringify(body.results)).toBe(JSON.stringify(rows.map((r) => serializeDetailedRequest(mock.store, r))));
    expect(body.count).toBe(mock.store.requests.size);
    expect(body.next).toContain('page=3');
    expect(body.previous).toContain('limit=3');
  });
});
