import { beforeAll, describe, expect, it } from 'vitest';
import { servedOperations } from '../src/spec/served-operations.ts';
import type { Operation } from '../src/spec/load-specs.ts';
import { allImages } from '../src/domain/images/request-images.ts';
import { planItemsOf, type Store } from '../src/store/store.ts';
import { createBody, freeItems, snapshot } from './support/request-helpers.ts';
import {
  AUTH,
  READONLY_TOKEN,
  createTestMock,
  json,
  sharedSpecs,
  type TestMock,
} from './support/test-mock.ts';

/**
 * Who may call what (DOMAIN.md §1), for EVERY operation the served spec holds — read from the
 * spec, so a new operation is covered the day it is served: no token → 401 on each non-public
 * one; the read-only token reads everything (never 401/403) and gets 403 on each mutating one,
 * writing nothing — while the very same call with the full token does write (2xx), so the 403 is
 * not an accident of a bad body. What mutates is decided here by method, with the few POST reads
 * named, not read from the gate's code.
 */

/** POST operations that change nothing: login, and the body forms of the tag-filter lists. */
const READS_BY_POST = new Set([
  'login',
  'filterCancellationRequestsByTagPost',
  'excludeCancellationRequestsByTagPost',
]);
const isWrite = (op: Operation) =>
  !['GET', 'HEAD', 'OPTIONS'].includes(op.method) && !READS_BY_POST.has(op.operationId);

const NOT_AUTHENTICATED = {
  detail: 'Authentication credentials were not provided.',
  code: 'not_authenticated',
};
const PERMISSION_DENIED = {
  detail: 'You do not have permission to perform this action.',
  code: 'permission_denied',
};
const READONLY = { Authorization: `Token ${READONLY_TOKEN}` };

/** The object a call works on: a waiting plan with no request, or a waiting request. */
interface Subject {
  id: number;
  body: unknown;
}

/** For each write, the id it targets and a body that the full token's call accepts. */
const WRITES: Record<string, (store: Store, mock: TestMock) => Subject> = {
  updateCancellationPlanStatus: (s) => ({
    id: directWaitingPlan(s),
    body: { status: 'confirmed' },
  }),
  createCancellationPlanPaymentPlan: (s) => {
    const pk = directWaitingPlan(s);
    return {
      id: pk,
      body: {
        payment_plan: [
          { transaction_type: 'refund', order_items: [planItemsOf(s, pk)[0]!.order_item] },
        ],
      },
    };
  },
  createCancellationRequest: (s) => ({ id: 0, body: createBody(s, freeItems(s)[0]!) }),
  updateCancellationRequest: (s) => {
    const r = waitingRequest(s);
    const {
      order_item,
      reason,
      cancellation_type,
      quantity,
      description,
      iban,
      holder_name,
      fully_refund_as_loyalty_money,
    } = r;
    return {
      id: r.id,
      body: {
        order_item,
        reason,
        cancellation_type,
        quantity,
        description,
        iban,
        holder_name,
        fully_refund_as_loyalty_money,
        status: 'confirmed',
      },
    };
  },
  partialUpdateCancellationRequest: (s) => ({
    id: waitingRequest(s).id,
    body: { status: 'approved' },
  }),
  rejectCancellationRequest: (s) => ({ id: waitingRequest(s).id, body: undefined }),
  addCancellationRequestTag: (s) => ({ id: waitingRequest(s).id, body: { key: 'perm-test' } }),
  addCancellationRequestTags: (s) => ({ id: waitingRequest(s).id, body: { keys: ['perm-test'] } }),
  removeCancellationRequestTag: (s) => taggedRequest(s, (key) => ({ key })),
  removeCancellationRequestTags: (s) => taggedRequest(s, (key) => ({ keys: [key] })),
  bulkAddCancellationRequestTags: (s) => ({
    id: 0,
    body: { ids: [waitingRequest(s).id], keys: ['perm-test'] },
  }),
  createWebhookSubscription: () => ({
    id: 0,
    body: { event_type: 'cancellation_plan.created', target_url: 'http://127.0.0.1:9/perm-test' },
  }),
  // Subscriptions live beside the store (docs/decisions/0009-webhooks.md): made on the mock.
  deleteWebhookSubscription: (_s, mock) => {
    const made = mock.webhooks.subscriptions.create(1, {
      event_type: 'cancellation_plan.created',
      target_url: 'http://127.0.0.1:9/perm-test',
      secret_key: null,
      is_active: true,
      retry_countdown_config: { choice: 'fixed', kwargs: { seconds: 5 } },
      additional_headers: {},
      config: {},
    });
    if (!made.ok) throw new Error('could not subscribe');
    return { id: made.value.id, body: undefined };
  },
  updateCancellationReason: (s) => ({ id: activeReason(s).pk, body: { cancellation_type: activeReason(s).cancellation_type, subject: activeReason(s).subject } }),
  partialUpdateCancellationReason: (s) => ({ id: activeReason(s).pk, body: { order: 1 } }),
  deleteCancellationReason: (s) => ({ id: activeReason(s).pk, body: undefined }),
  partialUpdateChannelCancellationReason: (s) => ({ id: activeReason(s).pk, body: { order: 2 } }),
  updateChannelCancellationReason: (s) => ({ id: activeReason(s).pk, body: { order: 4 } }),
  deleteChannelCancellationReason: (s) => ({ id: activeReason(s).pk, body: undefined }),
  createChannelCancellationPlanPaymentPlan: (s) => {
    const pk = directWaitingPlan(s);
    return { id: pk, body: { payment_plan: [{ transaction_type: 'refund', order_items: [planItemsOf(s, pk)[0]!.order_item] }] } };
  },
  partialUpdateChannelCancellationRequest: (s) => ({ id: waitingRequest(s).id, body: { status: 'confirmed' } }),
  updateChannelCancellationRequest: (s) => {
    const r = waitingRequest(s);
    const { order_item, reason, cancellation_type, quantity, description, iban, holder_name, fully_refund_as_loyalty_money } = r;
    return { id: r.id, body: { order_item, reason, cancellation_type, quantity, description, iban, holder_name, fully_refund_as_loyalty_money, status: 'confirmed' } };
  },
  rejectChannelCancellationRequest: (s) => ({ id: waitingRequest(s).id, body: undefined }),
  deleteChannelCancellationRequest: (s) => ({ id: waitingRequest(s).id, body: undefined }),
  bulkRemoveCancellationRequestTags: (s) => {
    const { id, body } = taggedRequest(s, (key) => ({ keys: [key] }));
    return { id: 0, body: { ids: [id], ...(body as object) } };
  },
};

function directWaitingPlan(store: Store): number {
  const backed = new Set([...store.requests.values()].map((r) => r.cancellation_plan));
  return [...store.plans.values()].find((p) => p.status === 'waiting' && !backed.has(p.pk))!.pk;
}
function firstImage(store: Store) {
  return allImages(store)[0]!;
}
function activeReason(store: Store) {
  return [...store.reasons.values()].find((r) => r.is_active)!;
}
function waitingRequest(store: Store) {
  return [...store.requests.values()].find((r) => r.status === 'waiting')!;
}
function taggedRequest(store: Store, body: (key: string) => unknown): Subject {
  const [id, tags] = store.tags.cancellation_request.entries()[0]!;
  return { id, body: body(tags[0]!) };
}

/**
 * A concrete URL for an operation: `{id}` filled (and `{channel_id}` with the channel the target
 * belongs to), required query parameters given.
 */
function urlOf(op: Operation, id: number): string {
  const path = op.path.replace('{id}', String(id)).replace('{file}', `${firstImage(mock.store).id}.png`).replace('{channel_id}', String(channelOf(mock.store, op, id)));
  const query = op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=t`);
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

function call(
  mock: TestMock,
  op: Operation,
  headers: Record<string, string>,
  id: number,
  body: unknown,
): Promise<Response> {
  const hasBody = body !== undefined;
  return mock.request(urlOf(op, id), {
    method: op.method,
    headers: { ...headers, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
    ...(hasBody ? { body: JSON.stringify(body) } : {}),
  });
}

/** A read's target: a plan, a reason or a request that exists, by the resource the path names. */
function readTarget(store: Store, op: Operation): number {
  if (op.path.includes('cancellation_reasons')) return store.reasons.keys().next().value!;
  if (op.path.includes('cancellation_request_images')) return firstImage(store).id;
  return op.path.includes('cancellation_plans')
    ? store.plans.keys().next().value!
    : store.requests.keys().next().value!;
}

/** The channel a target belongs to (a sales-channel path must name it); any channel for a reason. */
function channelOf(store: Store, op: Operation, id: number): number {
  if (op.path.includes('cancellation_plans')) return store.orders.get(store.plans.get(id)?.order ?? -1)?.channel ?? 1;
  if (op.path.includes('cancellation_request_images')) return channelOf(store, { path: 'cancellation_requests' } as Operation, Math.floor(id / 10));
  if (op.path.includes('cancellation_requests')) {
    const item = store.orderItems.get(store.requests.get(id)?.order_item ?? -1);
    return store.orders.get(item?.order ?? -1)?.channel ?? 1;
  }
  return 1;
}

let operations: Operation[];
let mock: TestMock;
beforeAll(async () => {
  operations = servedOperations((await sharedSpecs()).specs);
  mock = await createTestMock({ size: 60 });
}, 60_000);

describe('permissions on every served operation', () => {
  it('knows every served operation, and names a valid body for every write', () => {
    expect(operations.length).toBeGreaterThan(20);
    const writes = operations
      .filter(isWrite)
      .map((op) => op.operationId)
      .sort();
    expect(writes).toEqual(Object.keys(WRITES).sort());
  });

  it("answers 401 with DRF's words to a call without a token, on every non-public operation", async () => {
    for (const op of operations) {
      const res = await call(
        mock,
        op,
        {},
        readTarget(mock.store, op),
        isWrite(op) ? {} : undefined,
      );
      if (op.isPublic) {
        expect(res.status, op.operationId).not.toBe(401);
        continue;
      }
      expect(res.status, op.operationId).toBe(401);
      expect(await json(res), op.operationId).toEqual(NOT_AUTHENTICATED);
    }
  });

  it('lets the read-only token read everything, writing nothing', async () => {
    for (const op of operations.filter((o) => !isWrite(o))) {
      const before = snapshot(mock.store);
      const body =
        op.method === 'GET'
          ? undefined
          : op.operationId === 'login'
            ? { username: 'x', password: 'y' }
            : { key: 't' };
      const res = await call(mock, op, READONLY, readTarget(mock.store, op), body);
      expect([401, 403], `${op.operationId} answered ${res.status}`).not.toContain(res.status);
      expect(res.status < 500, op.operationId).toBe(true);
      expect(snapshot(mock.store), op.operationId).toBe(before);
    }
  });

  it("answers 403 to the read-only token on every write and writes nothing; the full token's same call writes", async () => {
    for (const op of operations.filter(isWrite)) {
      const fresh = await createTestMock({ size: 60 });
      const { id, body } = WRITES[op.operationId]!(fresh.store, fresh);
      const before = snapshot(fresh.store);
      const denied = await call(fresh, op, READONLY, id, body);
      expect(denied.status, op.operationId).toBe(403);
      expect(await json(denied), op.operationId).toEqual(PERMISSION_DENIED);
      expect(snapshot(fresh.store), `${op.operationId} wrote under a read-only token`).toBe(before);
      const allowed = await call(fresh, op, AUTH, id, body);
      expect(
        allowed.status,
        `${op.operationId} with the full token: ${await allowed.clone().text()}`,
      ).toBeLessThan(300);
    }
  }, 60_000);
});
