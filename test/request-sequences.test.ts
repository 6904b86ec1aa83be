import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import { orderItemsOf } from '../src/store/store.ts';
import {
  PLAN_STATUSES,
  REQUEST_STATUSES,
  type PlanStatus,
  type RequestStatus,
} from '../src/store/types.ts';
import {
  REQUESTS,
  createBody,
  freeItems,
  movePlan,
  patchStatus,
  planOfRequest,
  send,
} from './support/request-helpers.ts';
import { createTestMock, json, sharedSpecs } from './support/test-mock.ts';
import { PLAN_TABLE } from './support/domain-tables.ts';

/**
 * DOMAIN.md's rules hold after any mix of request moves (create, PATCH of status, reject) and plan
 * moves (`update_status`), with plans made by approvals joining the plan pool as they appear.
 * fast-check (seeded, so a failure replays) draws the sequences; every answer is checked against
 * a model of both tables written out here, the request behind a settled plan must follow it, and
 * `checkInvariants` must find nothing at the end of each sequence.
 */

const REQUEST_TABLE: Record<RequestStatus, RequestStatus[]> = {
  waiting: ['confirmed', 'approved', 'rejected'],
  confirmed: ['approved', 'rejected'],
  approved: [],
  rejected: [],
  completed: [],
};

/** Mostly moves the table allows, so requests and plans travel deep; some arbitrary ones. */
const legal = fc.oneof(
  { arbitrary: fc.constant(true), weight: 4 },
  { arbitrary: fc.constant(false), weight: 1 },
);
const step = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      item: fc.nat(),
      refund: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('patch' as const),
      target: fc.nat(),
      pick: fc.nat(),
      legal,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('reject' as const), target: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('plan' as const),
      target: fc.nat(),
      pick: fc.nat(),
      legal,
      backed: fc.boolean(),
    }),
    weight: 5,
  },
);

beforeAll(() => sharedSpecs(), 60_000);

describe('random sequences of request and plan moves', () => {
  it('keep both tables, settle requests through their plans, and every invariant', async () => {
    const seen = { approvals: 0, completions: 0, releases: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        async (seed, steps) => {
          const mock = await createTestMock({ seed, size: 60 });
          const store = mock.store;
          const items = freeItems(store)
            .slice(0, 8)
            .map((i) => i.pk);
          const requests = new Map<number, RequestStatus>();
          for (const r of store.requests.values())
            if (['waiting', 'confirmed', 'approved'].includes(r.status) && requests.size < 6)
              requests.set(r.id, r.status);
          const plans = new Map<number, PlanStatus>();
          const requestOfPlan = new Map<number, number>();
          for (const id of requests.keys()) {
            const planPk = store.requests.get(id)!.cancellation_plan;
            if (planPk !== null) {
              plans.set(planPk, store.plans.get(planPk)!.status);
              requestOfPlan.set(planPk, id);
            }
          }
          for (const p of store.plans.values())
            if (p.status === 'waiting' && plans.size < 4) plans.set(p.pk, p.status);

          for (const s of steps) {
            if (s.kind === 'create') {
              const item = store.orderItems.get(items[s.item % items.length]!)!;
              // The vendor's order rule beside the item's: no new request while any item of the order waits.
              const free = !['50', '100', '600'].includes(item.status) &&
                !orderItemsOf(store, item.order).some((i) => i.cancel_status === 'waiting');
              const res = await send(
                mock,
                'POST',
                REQUESTS,
                createBody(store, item, s.refund ? 'refund' : 'cancel'),
              );
              expect(res.status, `create on item ${item.pk} (${item.status})`).toBe(
                free ? 201 : 400,
              );
              if (res.status === 201) requests.set((await json(res)).id, 'waiting');
            } else if (s.kind === 'patch' || s.kind === 'reject') {
              if (requests.size === 0) continue;
              const id = [...requests.keys()][s.target % requests.size]!;
              const from = requests.get(id)!;
              const to =
                s.kind === 'reject'
                  ? 'rejected'
                  : s.legal && REQUEST_TABLE[from].length > 0
                    ? REQUEST_TABLE[from][s.pick % REQUEST_TABLE[from].length]!
                    : REQUEST_STATUSES[s.pick % REQUEST_STATUSES.length]!;
              const res =
                s.kind === 'reject'
                  ? await send(mock, 'POST', `${REQUESTS}${id}/reject/`)
                  : await patchStatus(mock, id, to);
              const ok = (s.kind === 'patch' && to === from) || REQUEST_TABLE[from].includes(to);
              expect(res.status, `${s.kind} request ${id}: ${from} → ${to}`).toBe(ok ? 200 : 400);
              if (ok && to !== from) {
                requests.set(id, to);
                if (to === 'approved') {
                  const planPk = await planOfRequest(mock, { id });
                  plans.set(planPk, 'waiting');
                  requestOfPlan.set(planPk, id);
                  seen.approvals += 1;
                }
              }
            } else {
              // Half the draws go to plans with a request behind them: the hook is the subject.
              const pool =
                s.backed && requestOfPlan.size > 0 ? [...requestOfPlan.keys()] : [...plans.keys()];
              if (pool.length === 0) continue;
              const pk = pool[s.target % pool.length]!;
              const from = plans.get(pk)!;
              const allowed = PLAN_TABLE[from];
              const to =
                s.legal && allowed.length > 0
                  ? allowed[s.pick % allowed.length]!
                  : PLAN_STATUSES[s.pick % PLAN_STATUSES.length]!;
              const res = await movePlan(mock, pk, to);
              const ok = to === from || allowed.includes(to);
              expect(res.status, `plan ${pk}: ${from} → ${to}`).toBe(ok ? 200 : 400);
              if (ok && to !== from) {
                plans.set(pk, to);
                const id = requestOfPlan.get(pk);
                if (
                  id !== undefined &&
                  (to === 'completed' || to === 'rejected' || to === 'cancelled')
                ) {
                  requests.set(id, to === 'completed' ? 'completed' : 'rejected');
                  if (to === 'completed') seen.completions += 1;
                  else seen.releases += 1;
                }
              }
            }
            for (const [id, status] of requests)
              expect(store.requests.get(id)!.status, `request ${id}`).toBe(status);
            for (const [pk, status] of plans)
              expect(store.plans.get(pk)!.status, `plan ${pk}`).toBe(status);
          }
          expect(checkInvariants(store)).toEqual([]);
        },
      ),
      { seed: 20260305, numRuns: 100 },
    );
    // The draw must reach approvals and both ends of a plan, or the hook is barely exercised.
    expect(seen.approvals).toBeGreaterThan(20);
    expect(seen.completions).toBeGreaterThan(3);
    expect(seen.releases).toBeGreaterThan(10);
  }, 180_000);
});
