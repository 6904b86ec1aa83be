import { beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { VALID, widgetMock } from './support/engine-fixture.ts';
import { createBody, itemSupply, REQUESTS, requestIn, send } from './support/request-helpers.ts';
import { json, type TestMock } from './support/test-mock.ts';

/**
 * The served documents list the write budget's 507 (ADR 0022) on exactly the writes that can
 * answer it. Which writes spend is not written down here: each write the mock serves (the
 * packaged documents and a `--spec` one: generic creates and updates, a domain-held resource's
 * updates, a custom action) is sent a request that succeeds with room, once the budget is full.
 * A write that spends answers 507; one that does not answers its success. Either must agree with
 * what its operation documents. Only the requests are listed, and every served write needs one.
 */

type Setup = (m: TestMock) => Promise<{ path: string; body?: unknown }>;

const channelOfItem = (m: TestMock, item: number) => m.store.orders.get(m.store.orderItems.get(item)!.order)!.channel;
const waiting = (m: TestMock) => requestIn(m, itemSupply(m.store), 'waiting');
const plannedPlan = (m: TestMock) => {
  const plan = [...m.store.plans.values()].find((p) => p.status === 'waiting' && (m.store.planItemsByPlan.get(p.pk) ?? []).length > 0)!;
  const line = m.store.planItems.get(m.store.planItemsByPlan.get(plan.pk)![0]!)!.order_item;
  return { plan, line, channel: m.store.orders.get(plan.order)!.channel, body: { payment_plan: [{ transaction_type: 'refund', order_items: [line] }] } };
};
const reason = (m: TestMock) => [...m.store.reasons.values()].find((r) => r.is_active)!;
const widget = async (m: TestMock) => (await json(await send(m, 'GET', '/api/v1/widgets/?limit=1'))).results[0];
const longer = 'Müşteri ürünü beklemek istemedi; iade bankaya yapılsın.';
/** A PUT's body: every writable field as the request holds it, and a longer description. */
const wholeRequest = (r: any) => ({
  order_item: r.order_item, reason: r.reason, cancellation_type: r.cancellation_type, status: r.status, quantity: r.quantity,
  iban: r.iban, holder_name: r.holder_name, fully_refund_as_loyalty_money: r.fully_refund_as_loyalty_money, description: longer,
});

/** A request each served write takes with room in the budget, by operationId. */
const REQUESTS_FOR: Record<string, Setup> = {
  login: async (m) => ({ path: '/api/v1/auth/login/', body: { username: m.config.username, password: m.config.password } }),
  updateCancellationPlanStatus: async (m) => ({ path: `/api/v1/cancellation_plans/${plannedPlan(m).plan.pk}/update_status/`, body: { status: 'approved' } }),
  createCancellationPlanPaymentPlan: async (m) => {
    const { plan, body } = plannedPlan(m);
    return { path: `/api/v1/cancellation_plans/${plan.pk}/create_payment_plan/`, body };
  },
  createChannelCancellationPlanPaymentPlan: async (m) => {
    const { plan, body, channel } = plannedPlan(m);
    return { path: `/api/channel/${channel}/cancellation_plans/${plan.pk}/create_payment_plan`, body };
  },
  createCancellationRequest: async (m) => ({ path: REQUESTS, body: createBody(m.store, itemSupply(m.store)()) }),
  filterCancellationRequestsByTagPost: async () => ({ path: `${REQUESTS}filter_tags/`, body: { key: 't' } }),
  excludeCancellationRequestsByTagPost: async () => ({ path: `${REQUESTS}exclude_tags/`, body: { key: 't' } }),
  bulkAddCancellationRequestTags: async (m) => ({ path: `${REQUESTS}bulk_add_tags/`, body: { ids: [(await waiting(m)).id], keys: ['fresh'] } }),
  bulkRemoveCancellationRequestTags: async (m) => ({ path: `${REQUESTS}bulk_remove_tags/`, body: { ids: [(await waiting(m)).id], keys: ['fresh'] } }),
  updateCancellationRequest: async (m) => {
    const r = await waiting(m);
    return { path: `${REQUESTS}${r.id}/`, body: wholeRequest(r) };
  },
  partialUpdateCancellationRequest: async (m) => ({ path: `${REQUESTS}${(await waiting(m)).id}/`, body: { description: longer } }),
  rejectCancellationRequest: async (m) => ({ path: `${REQUESTS}${(await waiting(m)).id}/reject/` }),
  addCancellationRequestTag: async (m) => ({ path: `${REQUESTS}${(await waiting(m)).id}/add_tag/`, body: { key: 'fresh' } }),
  addCancellationRequestTags: async (m) => ({ path: `${REQUESTS}${(await waiting(m)).id}/add_tags/`, body: { keys: ['fresh'] } }),
  removeCancellationRequestTag: async (m) => ({ path: `${REQUESTS}${(await waiting(m)).id}/remove_tag/`, body: { key: 'fresh' } }),
  removeCancellationRequestTags: async (m) => ({ path: `${REQUESTS}${(await waiting(m)).id}/remove_tags/`, body: { keys: ['fresh'] } }),
  updateChannelCancellationRequest: async (m) => {
    const r = await waiting(m);
    return { path: `/api/channel/${channelOfItem(m, r.order_item)}/cancellation_requests/${r.id}/`, body: wholeRequest(r) };
  },
  partialUpdateChannelCancellationRequest: async (m) => {
    const r = await waiting(m);
    return { path: `/api/channel/${channelOfItem(m, r.order_item)}/cancellation_requests/${r.id}/`, body: { description: longer } };
  },
  deleteChannelCancellationRequest: async (m) => {
    const r = await waiting(m);
    return { path: `/api/channel/${channelOfItem(m, r.order_item)}/cancellation_requests/${r.id}/` };
  },
  rejectChannelCancellationRequest: async (m) => {
    const r = await waiting(m);
    return { path: `/api/channel/${channelOfItem(m, r.order_item)}/cancellation_requests/${r.id}/reject/` };
  },
  createWebhookSubscription: async () => ({ path: '/whisperer/hooks/', body: { event_type: 'cancellation_plan.created', target_url: 'http://127.0.0.1:9/sub', secret_key: 's' } }),
  deleteWebhookSubscription: async (m) => {
    const made = await json(await send(m, 'POST', '/whisperer/hooks/', { event_type: 'cancellation_plan.created', target_url: 'http://127.0.0.1:9/other', secret_key: 's' }));
    return { path: `/whisperer/hooks/${made.id}/` };
  },
  updateCancellationReason: async (m) => ({ path: `/api/v1/cancellation_reasons/${reason(m).pk}/`, body: { subject: longer, cancellation_type: 'cancel' } }),
  partialUpdateCancellationReason: async (m) => ({ path: `/api/v1/cancellation_reasons/${reason(m).pk}/`, body: { subject: longer } }),
  deleteCancellationReason: async (m) => ({ path: `/api/v1/cancellation_reasons/${reason(m).pk}/` }),
  partialUpdateChannelCancellationReason: async (m) => ({ path: `/api/v1/channel/1/cancellation_reasons/${reason(m).pk}/`, body: { subject: longer } }),
  updateChannelCancellationReason: async (m) => ({ path: `/api/v1/channel/1/cancellation_reasons/${reason(m).pk}/`, body: { subject: longer } }),
  deleteChannelCancellationReason: async (m) => ({ path: `/api/v1/channel/1/cancellation_reasons/${reason(m).pk}/` }),
  createWidget: async () => ({ path: '/api/v1/widgets/', body: VALID }),
  updateWidget: async (m) => ({ path: `/api/v1/widgets/${(await widget(m)).pk}/`, body: { ...VALID, note: longer.repeat(4) } }),
  partialUpdateWidget: async (m) => ({ path: `/api/v1/widgets/${(await widget(m)).pk}/`, body: { note: longer.repeat(4) } }),
  destroyWidget: async (m) => ({ path: `/api/v1/widgets/${(await widget(m)).pk}/` }),
  archiveWidget: async (m) => ({ path: `/api/v1/widgets/${(await widget(m)).pk}/archive/`, body: { reason: 'old' } }),
};

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

let mock: TestMock;
beforeAll(async () => {
  mock = await widgetMock({ size: 60 });
});

describe('the write budget in the served documents', () => {
  it('has a request here for every write the mock serves', () => {
    const writes = servedOperations(mock.specs).filter((op) => WRITES.includes(op.method)).map((op) => op.operationId);
    expect(writes.filter((id) => !(id in REQUESTS_FOR))).toEqual([]);
    expect(Object.keys(REQUESTS_FOR).filter((id) => !writes.includes(id))).toEqual([]);
  });

  it('documents 507 on a write exactly when a request to it spends the budget (a full budget refuses it)', async () => {
    const budget = mock.admin.state.writeBudget;
    const roomy = budget.limit;
    const found: Array<{ operation: string; documents507: boolean; status: number }> = [];
    const ops: Operation[] = servedOperations(mock.specs).filter((op) => WRITES.includes(op.method));
    for (const op of ops) {
      budget.limit = roomy;
      const { path, body } = await REQUESTS_FOR[op.operationId]!(mock);
      budget.limit = budget.spent();
      const res = await send(mock, op.method, path, body);
      found.push({ operation: op.operationId, documents507: '507' in op.responses, status: res.status });
    }
    budget.limit = roomy;
    // Every request succeeded, or was refused by the full budget: nothing else says what spends.
    expect(found.filter((f) => f.status !== 507 && (f.status < 200 || f.status > 299))).toEqual([]);
    expect(found.filter((f) => f.documents507 !== (f.status === 507))).toEqual([]);
    // Some of each, so neither side of the check is empty.
    expect(found.filter((f) => f.status === 507).length).toBeGreaterThan(5);
    expect(found.filter((f) => f.status !== 507).length).toBeGreaterThan(5);
  });
});
