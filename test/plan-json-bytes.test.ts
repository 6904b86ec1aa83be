import { seededRandom as random } from './support/seeded-random.ts';
import { describe, expect, it } from 'vitest';
import { PlanJsonCache } from '../src/domain/plans/plan-json-cache.ts';
import { planJsonBytes, planJsonText } from '../src/domain/plans/plan-json-bytes.ts';
import { serializePlan } from '../src/domain/plans/serialize-plan.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { ORDER_STATUS_CODES } from '../src/store/codes.ts';
import { createStore, type Store } from '../src/store/store.ts';

/**
 * The plan text written straight from the records (plan-json-bytes.ts) must be byte for byte
 * `JSON.stringify(serializePlan(…))`: over every plan of a small seed, after rounds of random
 * writes to each kind of record a plan's body is built from — including records of odd shapes
 * (a key missing, an extra key, `undefined` values) that only exact key handling gets right.
 */

type Write = (s: Store, pick: <T>(m: Map<number, T>) => [number, T], n: number) => void;
const WRITES: Record<string, Write> = {
  'a plan field': (s, pick, n) => {
    const [pk, p] = pick(s.plans);
    s.plans.set(pk, { ...p, invoice_number: n % 2 ? `INV-ş-${n}` : null, modified_date: `2030-01-0${1 + (n % 9)}T00:00:00.000000Z` });
  },
  'a payment plan': (s, pick, n) => {
    const [pk, p] = pick(s.plans);
    s.plans.set(pk, { ...p, payment_plan: n % 3 ? { amount: `${n}.00`, note: 'ödeme "x"\n', list: [1, { a: null }] } : null });
  },
  'a plan with an undefined field': (s, pick) => {
    const [pk, p] = pick(s.plans);
    s.plans.set(pk, { ...p, staff_remote_id: undefined as never, payment_plan: undefined as never });
  },
  'an order': (s, pick, n) => {
    const [pk, o] = pick(s.orders);
    s.orders.set(pk, { ...o, notes: `not ${n} ğüşıöç`, extra_field: { k: n } });
  },
  // Eighth session: the order is written straight from its record too (orderInto), so its
  // replaced keys in each shape: set, null, missing, and an undefined value.
  'an order with a delivery range and transfers': (s, pick, n) => {
    const [pk, o] = pick(s.orders);
    s.orders.set(pk, { ...o, delivery_range: { start: `2030-01-0${1 + (n % 9)}T00:00:00Z`, end: '2030-02-01T00:00:00Z' }, fundstransfertransaction_set: [{ id: n, amount: '1.00' }], extra_field: null as never });
  },
  'an order with its replaced keys missing, and an undefined value': (s, pick, n) => {
    const [pk, o] = pick(s.orders);
    const { delivery_range: _d, extra_field: _e, ...rest } = o;
    s.orders.set(pk, { ...rest, notes: undefined, zz_extra: `ek "${n}"` } as never);
  },
  // Twelfth session: numbers are written as digits when they are whole and small enough; every
  // other number (negative, fractional, huge, not finite) and a key that is not a number as JSON.
  'an order and a plan with odd numbers': (s, pick, n) => {
    const odd = [-3, 1.5, 1e21, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, -0, 999_999_999_999_999, 1e15, 0.1 + 0.2];
    const [pk, o] = pick(s.orders);
    s.orders.set(pk, { ...o, installment: odd[n % odd.length], installment_count: odd[(n + 3) % odd.length], customer: odd[(n + 5) % odd.length] } as never);
    const [ppk, p] = pick(s.plans);
    // Every odd number lands on a plan's own key at least once in three writes (-3 first).
    s.plans.set(ppk, { ...p, related_cancellationplan: odd[n % odd.length], payment_plan: { n: odd[(n + 2) % odd.length] } } as never);
  },
  'a user': (s, pick, n) => {
    const [pk, u] = pick(s.users);
    s.users.set(pk, { ...u, first_name: `Değişti ${n}`, groups: [n] });
  },
  'a plan item': (s, pick, n) => {
    const [pk, i] = pick(s.planItems);
    s.planItems.set(pk, { ...i, modified_date: `2031-02-0${1 + (n % 9)}T00:00:00.000000Z` });
  },
  "a plan's item list": (s, pick) => {
    const [pk] = pick(s.plans);
    const others = [...s.planItems.keys()].slice(0, 2);
    s.planItemsByPlan.set(pk, pk % 2 ? [] : others);
  },
  'a reason': (s, pick, n) => {
    const [pk, r] = pick(s.reasons);
    s.reasons.set(pk, { ...r, subject: `sebep ${n}` } as never);
  },
  'an order item': (s, pick, n) => {
    const [pk, i] = pick(s.orderItems);
    s.orderItems.set(pk, { ...i, tracking_number: `T-${n}`, status: n % 2 ? '100' : '600', attributes: { renk: 'kırmızı' }, benefitapplicant_set: n % 2 ? [] : [{ pk: n, name: `fayda "${n}"` }] } as never);
  },
  'an order item with a key missing and one extra': (s, pick, n) => {
    const [pk, i] = pick(s.orderItems);
    const { extra_field: _gone, ...rest } = i;
    s.orderItems.set(pk, { ...rest, zz_extra: n, status_display: 'stale' } as never);
  },
  // Eleventh session: records are walked with `for…in` (no keys array a record): a key a record
  // only inherits is not its own, and `JSON.stringify` of serializeOrder's copy leaves it out.
  'an order and an order item with an inherited key': (s, pick, n) => {
    const [pk, o] = pick(s.orders);
    s.orders.set(pk, Object.assign(Object.create({ inherited_note: `miras ${n}` }), o));
    const [ik, i] = pick(s.orderItems);
    s.orderItems.set(ik, Object.assign(Object.create({ inherited_code: n }), i));
  },
  // The status display text is made once per status: every status an item can hold, in turn.
  'an order item moved through every status': (s, pick, n) => {
    const codes = [...ORDER_STATUS_CODES, 'x-unknown'];
    for (let k = 0; k < codes.length; k += 1) {
      const [pk, i] = pick(s.orderItems);
      s.orderItems.set(pk, { ...i, status: codes[(k + n) % codes.length] } as never);
    }
  },
  'a product': (s, pick, n) => {
    const [pk, p] = pick(s.products);
    s.products.set(pk, { ...p, name: `Yeni ürün ${n}`, description: 'internal' } as never);
  },
  'a price list': (s, pick, n) => {
    const [pk, l] = pick(s.priceLists);
    s.priceLists.set(pk, { ...l, name: `fiyat ${n}` } as never);
  },
  'a stock list': (s, pick, n) => {
    const [pk, l] = pick(s.stockLists);
    s.stockLists.set(pk, { ...l, name: `stok ${n}` } as never);
  },
};

const fresh = (store: Store, pk: number) => JSON.stringify(serializePlan(store, store.plans.get(pk)!));

describe('plan JSON bytes', () => {
  it('is JSON.stringify(serializePlan(…)) for every plan after rounds of random writes', () => {
    const store = createStore();
    seedStore(store, { seed: 7, size: 40 });
    const cache = new PlanJsonCache(16);
    const next = random(26);
    const pick = <T>(m: Map<number, T>): [number, T] => [...m.entries()][Math.floor(next() * m.size)]!;
    const names = Object.keys(WRITES);
    for (let round = 0; round < 12; round += 1) {
      for (let w = 0; w < 6; w += 1) {
        const name = names[Math.floor(next() * names.length)]!;
        WRITES[name]!(store, pick, round * 6 + w);
      }
      for (const pk of store.plans.keys()) {
        const want = fresh(store, pk);
        expect(planJsonText(store, store.plans.get(pk)!), `round ${round}, plan ${pk}`).toBe(want);
        // The cache (small, so it both keeps and drops) answers the same text, hit or miss.
        expect(cache.json(store, store.plans.get(pk)!), `round ${round}, plan ${pk} (kept)`).toBe(want);
      }
    }
  });

  it('answers the next plan exactly after a build that threw half-way (a plan whose creator is gone)', () => {
    const store = createStore();
    seedStore(store, { seed: 5, size: 6 });
    const [first, second] = [...store.plans.values()];
    const broken = { ...first!, created_by: 999_999 };
    expect(() => planJsonBytes(store, broken)).toThrow();
    expect(planJsonText(store, second!)).toBe(fresh(store, second!.pk));
  });

  it('refuses a build started inside another, and builds right after', () => {
    const store = createStore();
    seedStore(store, { seed: 3, size: 4 });
    const [first, second] = [...store.plans.values()];
    let inner: unknown = null;
    const nesting = {
      cacheable: true,
      note: () => {
        if (inner === null) inner = (() => { try { return planJsonBytes(store, second!); } catch (e) { return e; } })();
      },
    };
    const outer = new TextDecoder().decode(planJsonBytes(store, first!, nesting));
    expect(outer, 'the outer build is not disturbed').toBe(fresh(store, first!.pk));
    expect(inner).toBeInstanceOf(Error);
    expect(String(inner)).toMatch(/inside another/);
    expect(planJsonText(store, second!)).toBe(fresh(store, second!.pk));
  });

  it('covers every kind of write at least once', () => {
    // Each write alone, then every plan checked: a write whose text diverged fails here by name.
    for (const [name, write] of Object.entries(WRITES)) {
      const store = createStore();
      seedStore(store, { seed: 3, size: 12 });
      const next = random(name.length);
      const pick = <T>(m: Map<number, T>): [number, T] => [...m.entries()][Math.floor(next() * m.size)]!;
      for (let n = 0; n < 3; n += 1) write(store, pick, n);
      for (const pk of store.plans.keys()) expect(planJsonText(store, store.plans.get(pk)!), `${name}, plan ${pk}`).toBe(fresh(store, pk));
    }
  });
});
