import { beforeAll, describe, expect, it } from 'vitest';
import { PlanJsonCache } from '../src/domain/plans/plan-json-cache.ts';
import { serializePlan } from '../src/domain/plans/serialize-plan.ts';
import type { CancellationPlan } from '../src/store/types.ts';
import { createTestMock, type TestMock } from './support/test-mock.ts';
import { seededRandom } from './support/seeded-random.ts';

/**
 * The plan JSON cache's admission rule (plan-json-admission.ts, issue 26): a full cache keeps a new
 * build only if its plan was asked for more often lately than the oldest kept plan. A walk through
 * plans asked for once must not push out plans asked for again and again; plans that come to be
 * asked for often must get in; and every answer stays exactly a fresh serialisation.
 */

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 60 });
});
const fresh = (plan: CancellationPlan) => JSON.stringify(serializePlan(mock.store, plan));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** The plans whose next answer is the very bytes answered last time (kept: a hit, not a new build). */
const stillKept = (cache: PlanJsonCache, last: Map<CancellationPlan, Uint8Array>) =>
  [...last].filter(([plan, bytes]) => {
    const now = cache.borrow(mock.store, plan);
    return now.buffer === bytes.buffer && now.byteOffset === bytes.byteOffset;
  }).map(([plan]) => plan.pk);
/** Asks for each plan `laps` times; answers the last bytes of each. */
const ask = (cache: PlanJsonCache, plans: CancellationPlan[], laps: number) => {
  const last = new Map<CancellationPlan, Uint8Array>();
  for (let lap = 0; lap < laps; lap += 1) for (const plan of plans) last.set(plan, cache.borrow(mock.store, plan));
  return last;
};

describe('plan JSON cache admission', () => {
  it('keeps the plans asked for again through a walk of plans asked for once', () => {
    const plans = [...mock.store.plans.values()];
    const [hot, walk] = [plans.slice(0, 4), plans.slice(4, 40)];
    const cache = new PlanJsonCache(4);
    const last = ask(cache, hot, 3);
    const walked = new Set<ArrayBufferLike>();
    for (const plan of walk) {
      const bytes = cache.borrow(mock.store, plan);
      expect(text(bytes)).toBe(fresh(plan));
      walked.add(bytes.buffer);
    }
    expect(cache.size).toBe(4);
    expect(stillKept(cache, last)).toEqual(hot.map((p) => p.pk));
    // The builds not kept are not written among the kept ones: a kept plan pins its whole slab.
    for (const bytes of last.values()) expect(walked.has(bytes.buffer)).toBe(false);
    // First in, first out (the rule off), the walk pushed every one of them out.
    const fifo = new PlanJsonCache(4, undefined, undefined, false);
    const lastFifo = ask(fifo, hot, 3);
    for (const plan of walk) fifo.borrow(mock.store, plan);
    expect(stillKept(fifo, lastFifo)).toEqual([]);
  });

  it('lets in plans that come to be asked for more often than the kept ones', () => {
    const plans = [...mock.store.plans.values()];
    const [before, after] = [plans.slice(0, 4), plans.slice(10, 14)];
    const cache = new PlanJsonCache(4);
    ask(cache, before, 1);
    const last = ask(cache, after, 3);
    expect(stillKept(cache, last)).toEqual(after.map((p) => p.pk));
    expect(cache.size).toBe(4);
  });

  it('answers every plan exactly under random asks and writes, the rule keeping and refusing builds', () => {
    const plans = [...mock.store.plans.values()].slice(0, 24);
    const random = seededRandom(4126);
    const cache = new PlanJsonCache(5, 2 ** 24, 60);
    let kept = 0;
    for (let step = 0; step < 400; step += 1) {
      // Skewed: the first plans are asked for far more often than the rest.
      const pick = plans[Math.floor(random() ** 2 * plans.length)]!;
      if (random() < 0.2) {
        const o = mock.store.orders.get(pick.order)!;
        mock.store.orders.set(pick.order, { ...o, notes: `note ${step}` });
        const p = mock.store.plans.get(pick.pk)!;
        mock.store.plans.set(pick.pk, { ...p, status: step % 2 ? 'failed' : 'manuel_refund_need' });
      }
      const plan = mock.store.plans.get(pick.pk)!;
      expect(text(cache.borrow(mock.store, plan)), `step ${step}`).toBe(fresh(plan));
      kept = Math.max(kept, cache.size);
    }
    expect(kept).toBe(5);
  });
});
