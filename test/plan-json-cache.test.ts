import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { overlayOf } from '../src/state/store-views.ts';
import { PlanJsonCache } from '../src/domain/plans/plan-json-cache.ts';
import { serializePlan } from '../src/domain/plans/serialize-plan.ts';
import { planItemsOf, type Store } from '../src/store/store.ts';
import type { CancellationPlan } from '../src/store/types.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';
import { seededRandom } from './support/seeded-random.ts';

/**
 * The kept JSON of a plan must always be what `serializePlan` gives now: checked against it for
 * every plan after each kind of write — of every record a plan's body is built from, through the
 * API, and in a session's copy-on-write view.
 */
let mock: TestMock;
let cache: PlanJsonCache;
beforeEach(async () => {
  mock = await createTestMock({ size: 60 });
  cache = new PlanJsonCache();
});

const fresh = (store: Store, plan: CancellationPlan) => JSON.stringify(serializePlan(store, plan));

/** Lent from what was kept (`borrow`: the same bytes in the same buffer, not built again), and equal. */
function expectSameKept(answer: Uint8Array, kept: Uint8Array | undefined): void {
  expect(answer.buffer).toBe(kept!.buffer);
  expect(answer.byteOffset).toBe(kept!.byteOffset);
  expect(answer).toEqual(kept);
}

/** Every plan's cached text equals a fresh serialisation; returns how many plans were checked. */
function expectAllCurrent(store: Store): number {
  let n = 0;
  for (const plan of store.plans.values()) {
    expect(cache.json(store, plan), `plan ${plan.pk}`).toBe(fresh(store, plan));
    n += 1;
  }
  return n;
}

/** A plan with at least one item, and that item's order item. */
function planWithItem(store: Store) {
  for (const plan of store.plans.values()) {
    const [item] = planItemsOf(store, plan.pk);
    if (item) return { plan, item, orderItem: store.orderItems.get(item.order_item)! };
  }
  throw new Error('no plan has items');
}

describe('the plan JSON cache', () => {
  it('answers exactly JSON.stringify(serializePlan(…)), first built and then kept', () => {
    const n = expectAllCurrent(mock.store);
    expect(cache.size).toBe(n);
    // Asked again with nothing written: every answer is the kept text, none is built again.
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      for (const plan of mock.store.plans.values()) cache.json(mock.store, plan);
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
    expectAllCurrent(mock.store);
    expect(cache.size).toBe(n);
  });

  // One write per input of a plan's body: each builds a new record and `set`s it (store.ts's rule).
  const writes: Array<[string, (store: Store) => CancellationPlan]> = [
    [
      'the plan',
      (s) => {
        const { plan } = planWithItem(s);
        s.plans.set(plan.pk, { ...plan, invoice_number: 'CHANGED-1' });
        return s.plans.get(plan.pk)!;
      },
    ],
    [
      'its order',
      (s) => {
        const { plan } = planWithItem(s);
        s.orders.set(plan.order, { ...s.orders.get(plan.order)!, notes: 'changed' });
        return plan;
      },
    ],
    [
      'its creator',
      (s) => {
        const { plan } = planWithItem(s);
        s.users.set(plan.created_by, { ...s.users.get(plan.created_by)!, first_name: 'Değişti' });
        return plan;
      },
    ],
    [
      'a plan item',
      (s) => {
        const { plan, item } = planWithItem(s);
        s.planItems.set(item.pk, { ...item, modified_date: '2030-01-01T00:00:00.000000Z' });
        return plan;
      },
    ],
    [
      'its item list',
      (s) => {
        const { plan } = planWithItem(s);
        s.planItemsByPlan.set(plan.pk, []);
        return plan;
      },
    ],
    [
      'a reason',
      (s) => {
        const { plan, item } = planWithItem(s);
        s.reasons.set(item.reason, { ...s.reasons.get(item.reason)!, subject: 'changed' } as never);
        return plan;
      },
    ],
    [
      'an order item',
      (s) => {
        const { plan, orderItem } = planWithItem(s);
        s.orderItems.set(orderItem.pk, { ...orderItem, tracking_number: 'TRACK-2' });
        return plan;
      },
    ],
    [
      "the order item's product",
      (s) => {
        const { plan, orderItem } = planWithItem(s);
        s.products.set(orderItem.product, {
          ...s.products.get(orderItem.product)!,
          name: 'Yeni ürün',
        });
        return plan;
      },
    ],
    [
      'its price list',
      (s) => {
        const { plan, orderItem } = planWithItem(s);
        s.priceLists.set(orderItem.price_list, {
          ...s.priceLists.get(orderItem.price_list)!,
          name: 'changed',
        } as never);
        return plan;
      },
    ],
    [
      'its stock list',
      (s) => {
        const { plan, orderItem } = planWithItem(s);
        s.stockLists.set(orderItem.stock_list, {
          ...s.stockLists.get(orderItem.stock_list)!,
          name: 'changed',
        } as never);
        return plan;
      },
    ],
  ];

  it.each(writes)('is current after a write of %s', (_what, write) => {
    expectAllCurrent(mock.store);
    const plan = write(mock.store);
    const before = cache.json(mock.store, plan);
    expect(before).toBe(fresh(mock.store, plan));
    expectAllCurrent(mock.store);
  });

  it('is current after writes through the API', async () => {
    expectAllCurrent(mock.store);
    const failed = [...mock.store.plans.values()].find((p) => p.status === 'failed');
    const waiting = [...mock.store.plans.values()].find((p) => p.status === 'waiting');
    for (const [plan, status] of [
      [failed, 'manuel_refund_need'],
      [waiting, 'cancelled'],
    ] as const) {
      if (!plan) continue;
      const res = await mock.postJson(`/api/v1/cancellation_plans/${plan.pk}/update_status/`, {
        status,
      });
      expect(res.status).toBe(200);
    }
    expectAllCurrent(mock.store);
    // The same cache serves a session's view: its writes never show in the shared state's text.
    const session = { ...AUTH, 'X-Mock-Session': 'cache-test' };
    const target = [...mock.store.plans.values()].find((p) => p.status === 'failed');
    if (target) {
      const res = await mock.request(`/api/v1/cancellation_plans/${target.pk}/update_status/`, {
        method: 'POST',
        headers: { ...session, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'manuel_refund_need' }),
      });
      expect(res.status).toBe(200);
      const view = mock.admin.state.sessions.use('cache-test').store;
      expectAllCurrent(view);
      expectAllCurrent(mock.store);
      expect(cache.json(view, view.plans.get(target.pk)!)).not.toBe(cache.json(mock.store, target));
    }
  });

  it('keeps one text per plan object for every store that holds the same records', () => {
    const view = overlayOf(mock.store);
    const plan = mock.store.plans.values().next().value!;
    const text = cache.json(mock.store, plan);
    expect(cache.json(view, plan)).toBe(text);
    expect(cache.size).toBe(1);
  });

  it('answers, but does not keep, a text built from anything but Map reads', () => {
    const plan = mock.store.plans.values().next().value!;
    // A store whose orders are not a Map: the serializer's read of it cannot be checked later.
    const orders = mock.store.orders;
    const odd = {
      ...mock.store,
      orders: { get: (k: number) => orders.get(k) },
    } as unknown as Store;
    expect(cache.json(odd, plan)).toBe(fresh(mock.store, plan));
    expect(cache.size).toBe(0);
  });

  it('holds at most its byte budget, dropping the oldest, and answers every plan exactly after', () => {
    const plans = [...mock.store.plans.values()].slice(0, 8);
    const sizes = plans.map((p) => new TextEncoder().encode(fresh(mock.store, p)).byteLength);
    // Room for about three plans' bytes, whatever the count allows.
    const budget = sizes[5]! + sizes[6]! + sizes[7]!;
    const small = new PlanJsonCache(100, budget);
    let newest: Uint8Array | undefined;
    for (const plan of plans) newest = small.borrow(mock.store, plan);
    expect(small.keptBytes).toBeLessThanOrEqual(budget);
    expect(small.size).toBeGreaterThanOrEqual(2);
    expect(small.size).toBeLessThanOrEqual(3);
    // The newest are kept (the very bytes again); every plan's text is still exact.
    expectSameKept(small.borrow(mock.store, plans[7]!), newest);
    for (const plan of plans) expect(small.json(mock.store, plan)).toBe(fresh(mock.store, plan));
  });

  it('holds at most its capacity, dropping the oldest', () => {
    const small = new PlanJsonCache(2);
    const [a, b, c] = [...mock.store.plans.values()];
    for (const plan of [a!, b!, c!]) small.json(mock.store, plan);
    expect(small.size).toBe(2);
    expect(small.json(mock.store, a!)).toBe(fresh(mock.store, a!));
  });
});

describe('plan JSON cache under writes', () => {
  it('keeps one text per plan: a written plan replaces its own text, not another plan', async () => {
    const small = new PlanJsonCache(3);
    const [a, b, c] = [...mock.store.plans.values()];
    const kept = [a!, b!, c!].map((plan) => small.borrow(mock.store, plan));
    // Three new records of plan a (as three writes would make), each read once.
    for (const note of ['x', 'y', 'z']) {
      const written = { ...mock.store.plans.get(a!.pk)!, modified_date: `2026-01-0${note.charCodeAt(0) - 119}T00:00:00.000000Z` };
      mock.store.plans.set(a!.pk, written);
      expect(small.json(mock.store, written)).toBe(fresh(mock.store, written));
    }
    expect(small.size).toBe(3);
    // b and c are still kept: asking again answers the very bytes kept before.
    expectSameKept(small.borrow(mock.store, b!), kept[1]);
    expectSameKept(small.borrow(mock.store, c!), kept[2]);
  });
});

describe('plan JSON cache in its rings', () => {
  /** A write of plan `p`'s order (a new record, as every write makes): p's kept text is stale after it. */
  const writeOrder = (s: Store, p: CancellationPlan, n: number) => s.orders.set(p.order, { ...s.orders.get(p.order)!, notes: `note ${n}` });

  it('answers every plan exactly while its slots and kept reads wrap around, under writes', () => {
    const plans = [...mock.store.plans.values()].filter((p) => planItemsOf(mock.store, p.pk).length > 0).slice(0, 3);
    // Room for four plans, but reads of only about two: each new plan's reads land where an older
    // plan's were, and that plan must go (else its check would read another plan's reads).
    // First in, first out (no admission rule: plan-json-admission.test.ts), so that every build is kept and the rings wrap.
    const small = new PlanJsonCache(4, 2 ** 24, 40, false);
    let hits = 0;
    for (let step = 0; step < 60; step += 1) {
      if (step % 2 === 1) writeOrder(mock.store, plans[(step + 1) % plans.length]!, step);
      const plan = mock.store.plans.get(plans[step % plans.length]!.pk)!;
      const first = small.borrow(mock.store, plan);
      expect(new TextDecoder().decode(first), `step ${step}`).toBe(fresh(mock.store, plan));
      const again = small.borrow(mock.store, plan);
      if (again.buffer === first.buffer && again.byteOffset === first.byteOffset) hits += 1;
      expect(small.size).toBeLessThanOrEqual(4);
    }
    // A plan just built is kept (its reads fit the ring), so asking again at once is a hit.
    expect(hits).toBe(60);
    for (const p of [...mock.store.plans.values()].slice(0, 12)) expect(small.json(mock.store, p)).toBe(fresh(mock.store, p));
  });

  it('answers every plan exactly when plans of mixed sizes stay kept across whole laps of the reads ring', () => {
    // Plans of one to several items (their reads 4–30 a plan) in a random order, a third of the
    // steps writing a plan's order: some plans stay kept while the reads ring laps under them.
    // Freeing only the oldest plan's overlapping reads at a wrap left a kept plan's reads written
    // over (it then checked another plan's reads and answered its text from before a write).
    const plans = [...mock.store.plans.values()].filter((p) => [1, 2].includes(planItemsOf(mock.store, p.pk).length)).slice(0, 10);
    const random = seededRandom(2612);
    for (const ring of [30, 50, 70]) {
      const small = new PlanJsonCache(6, 2 ** 24, ring, false);
      for (let step = 0; step < 1000; step += 1) {
        const pick = plans[Math.floor(random() * plans.length)]!;
        if (random() < 1 / 3) writeOrder(mock.store, pick, step);
        else {
          const plan = mock.store.plans.get(pick.pk)!;
          expect(new TextDecoder().decode(small.bytes(mock.store, plan)), `ring ${ring}, step ${step}`).toBe(fresh(mock.store, plan));
        }
      }
    }
  });

  it('answers fresh bytes for a plan written while its text was kept, and keeps the new text', () => {
    const small = new PlanJsonCache(4, 2 ** 24, 40);
    const [a, b] = [...mock.store.plans.values()].filter((p) => planItemsOf(mock.store, p.pk).length > 0);
    const keptA = small.bytes(mock.store, a!);
    small.bytes(mock.store, b!);
    writeOrder(mock.store, a!, 1);
    const after = small.borrow(mock.store, a!);
    expect(new TextDecoder().decode(after)).toBe(fresh(mock.store, a!));
    expect(after).not.toEqual(keptA);
    expectSameKept(small.borrow(mock.store, a!), after);
    expect(small.size).toBe(2);
  });
});

describe('plan JSON cache slabs', () => {
  const nextRun = () => new Promise<void>((r) => setTimeout(r, 0));
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('writes dropped plans’ slabs again, yet every answer and every view of one run stays exact', async () => {
    // Two plans kept, every build kept (no admission rule: with it, these builds would go to the
    // passing writer and the kept slabs would never be let go of): every other build drops one,
    // so slab after slab is let go of and written again.
    const small = new PlanJsonCache(2, undefined, undefined, false);
    const plans = [...mock.store.plans.values()];
    const answered = plans.slice(0, 3).map((plan) => ({ plan, bytes: small.bytes(mock.store, plan) }));
    const buffers = new Set<ArrayBufferLike>();
    let built = 0;
    const RUNS = 4;
    for (let run = 0; run < RUNS; run += 1) {
      // One synchronous run, as a page or feed is joined: two laps of 60 plans, > 2 slabs of 256 KiB.
      const lent: Array<[CancellationPlan, Uint8Array]> = [];
      for (let lap = 0; lap < 2; lap += 1) {
        for (const plan of plans) {
          const view = small.borrow(mock.store, plan);
          buffers.add(view.buffer);
          built += view.byteLength;
          lent.push([plan, view]);
        }
      }
      for (const [plan, view] of lent) expect(decode(view), `run ${run}, plan ${plan.pk}`).toBe(fresh(mock.store, plan));
      await nextRun();
    }
    // Answers (a detail's body, written by a socket later) were copies: slabs written again since
    // left them as they were.
    for (const { plan, bytes } of answered) expect(decode(bytes)).toBe(fresh(mock.store, plan));
    // Slabs written again: about one run's worth of slabs in all, not one run's worth a run.
    const slabsARun = Math.ceil(built / RUNS / 2 ** 18);
    expect(slabsARun).toBeGreaterThanOrEqual(2);
    expect(buffers.size).toBeLessThanOrEqual(slabsARun + 2);
  });

  it('die with their cache: a cache dropped (a --watch reload, a fork) holds no slab alive', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const slabs: Array<WeakRef<ArrayBufferLike>> = [];
    (() => {
      // Scoped, so nothing but the weak refs outlives it.
      let dropped: PlanJsonCache | null = new PlanJsonCache();
      for (const plan of mock.store.plans.values()) slabs.push(new WeakRef(dropped.borrow(mock.store, plan).buffer));
      dropped = null;
    })();
    for (let i = 0; i < 3; i += 1) {
      await nextRun();
      gc();
    }
    expect(slabs.filter((s) => s.deref() !== undefined)).toHaveLength(0);
  });
});
