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
 * cancelled or refunded. Read from the store, independently of the code under test.
 */
export function freeItems(
  store: Store,
  pred: (item: OrderItem) => boolean = () => true,
): OrderItem[] {
  return [...store.orderItems.values()].filter(
    (i) =>
      !['50', '100', '600'].includes(i.status) && i.extra_field.quantity === undefined && pred(i),
  );
}

/** Hands out a different free item on each call (tests create many requests in one mock). */
export function itemSupply(store: Store): () => OrderItem {
  const items = freeItems(store);
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
      await expectOk(movePlan(mock, approved.cancellation_plan, 'approved'));
      await expectOk(movePlan(mock, approved.cancellation_plan, 'completed'));
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
