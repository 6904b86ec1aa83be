import type { Store } from '../../src/store/store.ts';
import type { CancellationType, OrderItem } from '../../src/store/types.ts';
import { AUTH, json, type TestMock } from './test-mock.ts';

/** What the request-write tests share: paths, a valid IBAN, fresh items and reasons, calls. */

export const REQUESTS = '/api/v1/cancellation_requests/';
export const PLANS = '/api/v1/cancellation_plans/';
/** ISO 13616's own Turkish example: checksum-valid. */
export const IBAN = 'TR330006100519786457841326';

/**
 * Items a new request may take: neither held (`"50"`: an open request or plan has it) nor
 * cancelled or refunded, on an order none of whose items waits on a request (the vendor refuses
 * a new cancellation while the order's `cancel_status` is `waiting`). Read from the store,
 * independently of the code under test.
 */
export function freeItems(
  store: Store,
  pred: (item: OrderItem) => boolean = () => true,
): OrderItem[] {
  const waitingOrders = new Set(
    [...store.orderItems.values()].filter((i) => i.cancel_status === 'waiting').map((i) => i.order),
  );
  return [...store.orderItems.values()].filter(
    (i) =>
      !['50', '100', '600'].includes(i.status) && i.extra_field.quantity === undefined &&
      !waitingOrders.has(i.order) && pred(i),
  );
}

/**
 * Hands out a different free item on each call, each of another order (tests create many
 * requests in one mock, and a waiting request holds its whole order).
 */
export function itemSupply(store: Store): () => OrderItem {
  const seen = new Set<number>();
  const items = freeItems(store).filter((i) => !seen.has(i.order) && seen.add(i.order));
  let next = 0;
  return () => {
    const item = items[next++];
    if (!item) throw new Error('the seed has no free order item left for this test');
    return store.orderItems.get(item.pk)!;
  };
}

/** An active reason of the type. */
export function reasonOf(store: Store, type: CancellationType): number {
  return [...store.reasons.values()].find((r) => r.is_active && r.cancellation_type === type)!.pk;
}

/** A valid create body for the item: a cancel, or a refund paid to the bank account. */
export function createBody(
  store: Store,
  item: OrderItem,
  type: CancellationType = 'cancel',
): Record<string, unknown> {
  return type === 'cancel'
    ? { order_item: item.pk, reason: reasonOf(store, 'cancel'), cancellation_type: 'cancel' }
    : {
        order_item: item.pk,
        reason: reasonOf(store, 'refund'),
        cancellation_type: 'refund',
        iban: IBAN,
        holder_name: 'Ayşe Yılmaz',
      };
}

/** Sends JSON with the full token. */
export function send(
  mock: TestMock,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return mock.request(path, {
    method,
    headers: {
      ...AUTH,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Creates a request through the API (201 asserted) and answers its body. */
export async function createRequestVia(
  mock: TestMock,
  body: Record<string, unknown>,
): Promise<any> {
  const res = await send(mock, 'POST', REQUESTS, body);
  const out = await json(res);
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(out)}`);
  return out;
}

/**
 * The pk of the plan an approval made for `request`, found the vendor's way (the request has no
 * plan key): the newest plan of the item's order whose item points at the request's order item.
 */
export async function planOfRequest(mock: TestMock, request: { id: number }): Promise<number> {
  const detailed = await mock.getJson(`${REQUESTS}${request.id}/detailed/`);
  const itemPk = detailed.order_item.pk as number;
  const plans = await mock.getJson(`${PLANS}?order=${detailed.order_item.order.pk}&limit=1000`);
  const plan = (plans.results as Array<{ pk: number; cancellationplanorderitem_set: Array<{ order_item: { pk: number } }> }>)
    .find((p) => p.cancellationplanorderitem_set.some((line) => line.order_item.pk === itemPk));
  if (!plan) throw new Error(`no plan holds the item of request ${request.id}`);
  return plan.pk;
}

/** The request as the API answered it, with the pk of the plan its approval made (tests only). */
export async function withPlan<T extends { id: number }>(mock: TestMock, request: T): Promise<T & { cancellation_plan: number }> {
  return { ...request, cancellation_plan: await planOfRequest(mock, request) };
}

/** PATCHes a request's status and answers the response. */
export function patchStatus(mock: TestMock, id: number, status: string): Promise<Response> {
  return send(mock, 'PATCH', `${REQUESTS}${id}/`, { status });
}

/** Moves a plan with `update_status`. */
export function movePlan(mock: TestMock, pk: number, status: string): Promise<Response> {
  return send(mock, 'POST', `${PLANS}${pk}/update_status/`, { status });
}

/**
 * A new request brought to `status` through the API only: waiting (created), confirmed,
 * approved (a plan made), rejected (the reject action), completed (its plan approved, then
 * completed). Answers the request as the API last answered it.
 */
export async function requestIn(
  mock: TestMock,
  next: () => OrderItem,
  status: string,
): Promise<any> {
  const created = await createRequestVia(mock, createBody(mock.store, next()));
  const path = `${REQUESTS}${created.id}/`;
  const expectOk = async (res: Promise<Response>) => {
    const r = await res;
    if (r.status !== 200)
      throw new Error(`setup to ${status} failed: ${r.status} ${await r.text()}`);
    return json(r);
  };
  switch (status) {
    case 'waiting':
      return created;
    case 'confirmed':
    case 'approved':
      return expectOk(patchStatus(mock, created.id, status));
    case 'rejected':
      return expectOk(send(mock, 'POST', `${path}reject/`));
    case 'completed': {
      const approved = await expectOk(patchStatus(mock, created.id, 'approved'));
      const planPk = await planOfRequest(mock, approved);
      await expectOk(movePlan(mock, planPk, 'approved'));
      await expectOk(movePlan(mock, planPk, 'completed'));
      return mock.getJson(path);
    }
    default:
      throw new Error(`no way to bring a request to ${status}`);
  }
}

/** Every stored collection as JSON: equal before and after means nothing was written. */
export function snapshot(store: Store): string {
  return JSON.stringify({
    requests: [...store.requests.values()],
    plans: [...store.plans.values()],
    planItems: [...store.planItems.values()],
    orderItems: [...store.orderItems.values()],
    orders: [...store.orders.values()],
    tags: [store.tags.cancellation_plan.entries(), store.tags.cancellation_request.entries()],
    sequences: store.sequences,
  });
}
