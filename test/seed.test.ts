import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatIso } from '../src/common/dates.ts';
import { ean13CheckDigit, isValidEan13 } from '../src/common/ean13.ts';
import { isValidTurkishIban } from '../src/common/iban.ts';
import { toCents } from '../src/common/money.ts';
import { DEFAULT_SIZE, SEED_REFERENCE_DATE, seedStore } from '../src/seed/seed-store.ts';
import { isoFromMicros } from '../src/seed/seed-strings.ts';
import { createStore, type Store } from '../src/store/store.ts';
import { CANCELLATION_TYPES, PLAN_STATUSES, REQUEST_STATUSES } from '../src/store/types.ts';

/** Every collection's values, the tags and the sequences: what any read could ever show. */
function serialize(store: Store): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(store)) {
    if (value instanceof Map) parts.push(name, JSON.stringify([...value.entries()]));
  }
  parts.push(JSON.stringify(store.tags.cancellation_plan.entries()), JSON.stringify(store.tags.cancellation_request.entries()));
  parts.push(JSON.stringify(store.sequences));
  return parts.join('\n');
}

function seeded(seed: number, size: number): Store {
  const store = createStore();
  seedStore(store, { seed, size });
  return store;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const REF = Date.parse(SEED_REFERENCE_DATE);

describe('seed determinism', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives byte-identical stores for the same seed, and a different store for another seed', () => {
    const a = serialize(seeded(42, DEFAULT_SIZE));
    expect(serialize(seeded(42, DEFAULT_SIZE))).toBe(a);
    expect(serialize(seeded(43, DEFAULT_SIZE))).not.toBe(a);
  });

  it('does not depend on the day it runs', () => {
    const today = serialize(seeded(7, 50));
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-12-24T23:59:59.999Z'));
    expect(serialize(seeded(7, 50))).toBe(today);
  });

  it('makes exactly `size` plans', () => {
    for (const size of [0, 1, 10, 137]) expect(seeded(3, size).plans.size).toBe(size);
  });

  it('formats dates exactly like formatIso', () => {
    for (let i = 0; i < 5000; i += 1) {
      const us = 1_500_000_000_000_000 + i * 98_765_432_123 + (i % 1000);
      const ms = Math.floor(us / 1000);
      expect(isoFromMicros(us)).toBe(formatIso(new Date(ms), us - ms * 1000));
    }
  });
});

describe('seeded data at the default size', () => {
  let store: Store;
  beforeAll(() => {
    store = seeded(42, DEFAULT_SIZE);
  });

  it('has every plan status, both plan types and every request status', () => {
    const plans = [...store.plans.values()];
    expect(new Set(plans.map((p) => p.status))).toEqual(new Set(PLAN_STATUSES));
    expect(new Set(plans.map((p) => p.plan_type))).toEqual(new Set(CANCELLATION_TYPES));
    expect(new Set([...store.requests.values()].map((r) => r.status))).toEqual(new Set(REQUEST_STATUSES));
    expect(store.requests.size).toBeGreaterThan(DEFAULT_SIZE * 0.7);
  });

  it('has related plans, tags, staff ids and direct cancellations', () => {
    const plans = [...store.plans.values()];
    const related = plans.filter((p) => p.related_cancellationplan !== null);
    expect(related.length).toBeGreaterThan(0);
    for (const p of related) {
      const before = store.plans.get(p.related_cancellationplan!)!;
      expect([p.plan_type, before.plan_type, before.order]).toEqual(['refund', 'cancel', p.order]);
      expect(before.pk).toBeLessThan(p.pk);
    }
    expect(store.tags.cancellation_plan.entries().length).toBeGreaterThan(10);
    expect(store.tags.cancellation_request.entries().length).toBeGreaterThan(10);
    expect(plans.some((p) => p.staff_remote_id !== null)).toBe(true);
    expect(plans.some((p) => p.retail_store_remote_id !== null)).toBe(true);
    const fromRequests = new Set([...store.requests.values()].map((r) => r.cancellation_plan));
    expect(plans.some((p) => !fromRequests.has(p.pk))).toBe(true);
  });

  it('sells on channels of at least three types, mostly in TRY', () => {
    const types = new Set([...store.orders.values()].map((o) => store.channels.get(o.channel)!.channel_type));
    expect(types.size).toBeGreaterThanOrEqual(3);
    const orders = [...store.orders.values()];
    expect(orders.filter((o) => o.currency === 'try').length).toBeGreaterThan(orders.length * 0.8);
    expect(store.priceLists.get(1)).toMatchObject({ code: 'shop_price_list', currency: 'try' });
    expect(store.stockLists.get(1)).toMatchObject({ code: 'shop_stock_list' });
  });

  it('names customers with every Turkish letter', () => {
    const names = [...store.customers.values()].map((c) => `${c.first_name} ${c.last_name}`).join(' ');
    for (const letter of ['İ', 'ı', 'ş', 'ğ', 'ç', 'ö', 'ü', 'Ş', 'Ç', 'Ö', 'Ü']) expect(names).toContain(letter);
  });

  it('gives products seed 003-style names and valid EAN-13 barcodes', () => {
    expect(ean13CheckDigit('868206122521')).toBe('3');
    for (const p of store.products.values()) {
      expect(p.name).toMatch(/^[A-Z]+ \.V\d{2} \.\w+$/);
      expect(p.sku).toMatch(/^868\d{9}$/);
      expect(p.attributes.erp_barcode_ean13).toBe(`${p.sku}${ean13CheckDigit(p.sku)}`);
      expect(isValidEan13(p.attributes.erp_barcode_ean13!)).toBe(true);
      expect(p.product_type).toBe('0');
    }
  });

  it('gives refund requests to a bank a holder and a valid IBAN', () => {
    const refunds = [...store.requests.values()].filter((r) => r.cancellation_type === 'refund');
    expect(refunds.some((r) => r.easy_return !== null)).toBe(true);
    expect(refunds.some((r) => r.fully_refund_as_loyalty_money)).toBe(true);
    for (const r of refunds.filter((x) => !x.fully_refund_as_loyalty_money)) {
      expect(isValidTurkishIban(r.iban!)).toBe(true);
      expect(r.holder_name).toBeTruthy();
    }
  });

  it('gives requests distinct version-4 uuids', () => {
    const uuids = [...store.requests.values()].map((r) => r.uuid);
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('keeps multi-unit rows rare and lets requests use them', () => {
    const items = [...store.orderItems.values()];
    const multi = items.filter((i) => typeof i.extra_field.quantity === 'number');
    expect(multi.length).toBeGreaterThan(0);
    expect(multi.length).toBeLessThan(items.length * 0.1);
  });

  it('dates everything in Omnitron form, plans after their order, all before the reference date', () => {
    for (const o of store.orders.values()) {
      for (const d of [o.date_placed, o.created_date, o.modified_date]) expect(d).toMatch(ISO);
      expect(Date.parse(o.modified_date)).toBeLessThan(REF);
      expect(o.modified_date >= o.date_placed).toBe(true);
    }
    for (const p of store.plans.values()) {
      const order = store.orders.get(p.order)!;
      expect(p.created_date).toMatch(ISO);
      expect(p.created_date > order.date_placed).toBe(true);
      expect(p.modified_date >= p.created_date).toBe(true);
      expect(Date.parse(p.modified_date)).toBeLessThan(REF);
    }
    for (const r of store.requests.values()) {
      expect(r.modified_date >= r.created_date).toBe(true);
      expect(Date.parse(r.modified_date)).toBeLessThan(REF);
    }
    const created = [...store.plans.values()].map((p) => p.created_date);
    expect(created).toEqual([...created].sort());
  });

  it('hands out pks through the sequences', () => {
    expect(store.sequences.plans).toBe(store.plans.size + 1);
    expect(store.sequences.requests).toBe(store.requests.size + 1);
    expect(store.sequences.orderItems).toBe(store.orderItems.size + 1);
    expect([...store.plans.keys()]).toEqual([...store.plans.keys()].sort((a, b) => a - b));
    expect(store.users.get(1)).toMatchObject({ username: 'akinon', is_staff: true, is_superuser: true });
  });

  it('leaves some orders untouched, with items free to cancel or refund', () => {
    const touched = new Set([...store.plansByOrder.keys()]);
    for (const r of store.requests.values()) touched.add(store.orderItems.get(r.order_item)!.order);
    const free = [...store.orders.values()].filter((o) => !touched.has(o.pk));
    expect(free.some((o) => o.status === '400')).toBe(true);
    expect(free.some((o) => o.status === '550')).toBe(true);
  });

  it('keeps money consistent with seed 003 rules', () => {
    for (const o of store.orders.values()) {
      expect(toCents(o.refund_amount)).toBeLessThanOrEqual(toCents(o.amount));
    }
  });
});

describe('small seeds', () => {
  it('still hold the fixed Turkish names and several statuses at size 10', () => {
    const store = seeded(1, 10);
    const firstNames = new Set([...store.customers.values()].map((c) => c.first_name));
    for (const name of ['İsmail', 'Işık', 'Ayşe']) expect(firstNames).toContain(name);
    const orderedBy = new Set([...store.orders.values()].map((o) => store.customers.get(o.customer)!.first_name));
    for (const name of ['İsmail', 'Işık', 'Ayşe']) expect(orderedBy).toContain(name);
    expect(new Set([...store.plans.values()].map((p) => p.status)).size).toBeGreaterThanOrEqual(8);
    expect(new Set([...store.requests.values()].map((r) => r.status))).toEqual(new Set(REQUEST_STATUSES));
    expect([...store.plans.values()].some((p) => p.related_cancellationplan !== null)).toBe(true);
  });
});

describe('a large seed', () => {
  it('seeds 100,000 plans', () => {
    const store = createStore();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const summary = seedStore(store, { seed: 1, size: 100_000 });
    const seconds = (performance.now() - started) / 1000;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(`seeded 100,000 plans in ${seconds.toFixed(2)} s, heap +${heapMb.toFixed(0)} MB`, summary);
    expect(summary.plans).toBe(100_000);
    expect(summary.requests).toBeGreaterThan(70_000);
  }, 120_000);
});
