import { beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import { REQUEST_STATUSES, type OrderItem, type RequestStatus } from '../src/store/types.ts';
import {
  IBAN,
  REQUESTS,
  createBody,
  createRequestVia,
  itemSupply,
  patchStatus,
  reasonOf,
  requestIn,
  send,
  snapshot,
} from './support/request-helpers.ts';
import { AUTH, createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * PUT and PATCH of a cancellation request (DOMAIN.md §3): a status change follows the table and
 * nothing else, the current status again is no move, PUT needs every writable field, a field the
 * status has fixed cannot change, and the create rules hold on what an update leaves. The table
 * is written out here from DOMAIN.md, not read from the code.
 */

const DOMAIN_TABLE: Record<RequestStatus, RequestStatus[]> = {
  waiting: ['confirmed', 'approved', 'rejected'],
  confirmed: ['approved', 'rejected'],
  approved: [],
  rejected: [],
  completed: [],
};
const PAIRS = REQUEST_STATUSES.flatMap((from) => REQUEST_STATUSES.map((to) => [from, to] as const));

let mock: TestMock;
let next: () => OrderItem;
beforeAll(async () => {
  await sharedSpecs();
  mock = await createTestMock();
  next = itemSupply(mock.store);
}, 60_000);

describe('a status change by PATCH', () => {
  it.each(PAIRS)('%s → %s follows the table', async (from, to) => {
    const request = await requestIn(mock, next, from);
    const before = snapshot(mock.store);
    const res = await patchStatus(mock, request.id, to);
    const body = await json(res);
    if (to === from) {
      expect(res.status).toBe(200);
      expect(body).toEqual(request);
      expect(snapshot(mock.store), 'the same status again writes nothing').toBe(before);
    } else if (DOMAIN_TABLE[from].includes(to)) {
      expect(res.status).toBe(200);
      expect(body.status).toBe(to);
      expect(body.modified_date > request.modified_date).toBe(true);
      expect(await mock.getJson(`${REQUESTS}${request.id}/`)).toEqual(body);
    } else {
      expect(res.status).toBe(400);
      expect(body).toEqual({
        non_field_errors: [`Cancellation request status cannot be changed from ${from} to ${to}.`],
        code: 'request_status_transition_not_allowed',
      });
      expect(snapshot(mock.store)).toBe(before);
    }
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('confirming keeps the item held and marks it confirmed', async () => {
    const item = next();
    const created = await createRequestVia(mock, createBody(mock.store, item));
    const confirmed = await json(await patchStatus(mock, created.id, 'confirmed'));
    expect(mock.store.orderItems.get(item.pk)).toMatchObject({
      status: '50',
      cancel_status: 'confirmed',
      modified_date: confirmed.modified_date,
    });
  });

  it('rejecting by PATCH gives the item back its code before the request', async () => {
    const item = next();
    const created = await createRequestVia(mock, createBody(mock.store, item));
    await patchStatus(mock, created.id, 'confirmed');
    const rejected = await json(await patchStatus(mock, created.id, 'rejected'));
    expect(rejected.status).toBe('rejected');
    expect(mock.store.orderItems.get(item.pk)).toMatchObject({
      status: item.status,
      cancel_status: 'rejected',
    });
  });
});

describe('PUT', () => {
  const full = (r: any) => ({
    order_item: r.order_item,
    reason: r.reason,
    cancellation_type: r.cancellation_type,
    status: r.status,
    quantity: r.quantity,
    description: r.description,
    iban: r.iban,
    holder_name: r.holder_name,
    fully_refund_as_loyalty_money: r.fully_refund_as_loyalty_money,
  });

  it('requires every writable field', async () => {
    const request = await requestIn(mock, next, 'waiting');
    const res = await send(mock, 'PUT', `${REQUESTS}${request.id}/`, {});
    expect(res.status).toBe(400);
    const required = ['This field is required.'];
    expect(await json(res)).toEqual({
      order_item: required,
      reason: required,
      description: required,
      cancellation_type: required,
      status: required,
      iban: required,
      holder_name: required,
      quantity: required,
      fully_refund_as_loyalty_money: required,
    });
  });

  it('writes every field given, and moves the status', async () => {
    const request = await requestIn(mock, next, 'waiting');
    const body = {
      ...full(request),
      status: 'confirmed',
      description: 'updated',
      cancellation_type: 'refund',
      reason: reasonOf(mock.store, 'refund'),
      iban: IBAN,
      holder_name: 'Ali Veli',
    };
    const res = await send(mock, 'PUT', `${REQUESTS}${request.id}/`, body);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      ...body,
      id: request.id,
      uuid: request.uuid,
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('with the values the request already has writes nothing', async () => {
    const request = await requestIn(mock, next, 'confirmed');
    const before = snapshot(mock.store);
    const res = await send(mock, 'PUT', `${REQUESTS}${request.id}/`, full(request));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(request);
    expect(snapshot(mock.store)).toBe(before);
  });
});

describe('fields an update may change', () => {
  type Case = [
    status: string,
    patch: (r: any) => Record<string, unknown>,
    errors: (r: any) => unknown,
  ];
  const refused: Case[] = [
    [
      'waiting',
      (r) => ({ order_item: r.order_item + 1 }),
      () => ({ order_item: ['This field cannot be changed once the request is created.'] }),
    ],
    [
      'approved',
      (r) => ({ reason: r.reason, quantity: 2 }),
      () => ({ quantity: ['This field cannot be changed once the request is approved.'] }),
    ],
    ['confirmed', (r) => ({ order_item: r.order_item, reason: r.reason }), () => ({})],
    [
      'approved',
      (r) => ({ reason: otherCancelReason(r.reason) }),
      () => ({ reason: ['This field cannot be changed once the request is approved.'] }),
    ],
    [
      'approved',
      () => ({ cancellation_type: 'refund' }),
      () => ({ cancellation_type: ['This field cannot be changed once the request is approved.'] }),
    ],
    [
      'completed',
      () => ({ iban: IBAN }),
      () => ({ iban: ['This field cannot be changed once the request is completed.'] }),
    ],
    [
      'rejected',
      () => ({ fully_refund_as_loyalty_money: true }),
      () => ({
        fully_refund_as_loyalty_money: [
          'This field cannot be changed once the request is rejected.',
        ],
      }),
    ],
  ];
  const otherCancelReason = (pk: number) =>
    [...mock.store.reasons.values()].find((r) => r.cancellation_type === 'cancel' && r.pk !== pk)!
      .pk;
  it.each(refused)('a %s request: %s', async (status, patch, errors) => {
    const request = await requestIn(mock, next, status);
    const before = snapshot(mock.store);
    const res = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, patch(request));
    const expected = errors(request) as Record<string, unknown>;
    // Sending a fixed field's own value is no change, and is accepted.
    expect(res.status).toBe(Object.keys(expected).length === 0 ? 200 : 400);
    expect(await json(res)).toEqual(Object.keys(expected).length === 0 ? request : expected);
    expect(snapshot(mock.store)).toBe(before);
  });

  it('an approved request still takes new payment details, and a final one a new description', async () => {
    const approved = await requestIn(mock, next, 'approved');
    const paid = await send(mock, 'PATCH', `${REQUESTS}${approved.id}/`, {
      iban: IBAN,
      holder_name: 'Ali Veli',
    });
    expect(paid.status).toBe(200);
    expect(await json(paid)).toMatchObject({
      status: 'approved',
      iban: IBAN,
      holder_name: 'Ali Veli',
    });
    for (const status of ['completed', 'rejected']) {
      const request = await requestIn(mock, next, status);
      const itemBefore = mock.store.orderItems.get(request.order_item);
      const res = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, { description: 'note' });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toMatchObject({ status, description: 'note' });
      expect(body.modified_date > request.modified_date).toBe(true);
      expect(mock.store.orderItems.get(request.order_item)).toBe(itemBefore);
    }
    expect(checkInvariants(mock.store)).toEqual([]);
  });
});

describe('an update is held to the create rules', () => {
  it.each([
    [
      'a switch to refund without its reason and bank details',
      () => ({ cancellation_type: 'refund' }),
      () => ({
        reason: [
          `Reason ${reasonOf(mock.store, 'cancel')} is a cancel reason; this is a refund request.`,
        ],
        iban: ['This field is required.'],
        holder_name: ['This field is required.'],
      }),
    ],
    [
      'a quantity the item does not have',
      () => ({ quantity: 2 }),
      () => ({ quantity: ['Ensure this value is less than or equal to 1.'] }),
    ],
    [
      'an IBAN that fails its checksum',
      () => ({ iban: 'TR000006100519786457841326' }),
      () => ({ iban: ['Enter a valid Turkish IBAN: TR, then 24 digits with a valid checksum.'] }),
    ],
    [
      'a status that is no status',
      () => ({ status: 'done' }),
      () => ({ status: ['"done" is not a valid choice.'] }),
    ],
    // A null quantity is the vendor's "every unit" now (issue 21): test/request-quantity-null.test.ts.
    [
      'a null reason',
      () => ({ reason: null }),
      () => ({ reason: ['This field may not be null.'] }),
    ],
  ] as const)('%s', async (_name, patch, errors) => {
    const request = await requestIn(mock, next, 'waiting');
    const before = snapshot(mock.store);
    const res = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, patch());
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(errors());
    expect(snapshot(mock.store)).toBe(before);
  });

  it('turning loyalty money off asks for the bank details', async () => {
    const loyalty = await createRequestVia(mock, {
      order_item: next().pk,
      reason: reasonOf(mock.store, 'refund'),
      cancellation_type: 'refund',
      fully_refund_as_loyalty_money: true,
    });
    const res = await send(mock, 'PATCH', `${REQUESTS}${loyalty.id}/`, {
      fully_refund_as_loyalty_money: false,
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      iban: ['This field is required.'],
      holder_name: ['This field is required.'],
    });
  });
});

describe('the answers around an update', () => {
  it.each(['PUT', 'PATCH'])(
    '%s of an unknown request is 404, before the body is read',
    async (method) => {
      for (const path of [`${REQUESTS}99999999/`, `${REQUESTS}abc/`]) {
        const res = await mock.request(path, {
          method,
          headers: { ...AUTH, 'Content-Type': 'text/plain' },
          body: 'x',
        });
        expect(res.status).toBe(404);
        expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
      }
    },
  );

  it('answers a malformed body with parse_error and another media type with 415', async () => {
    const request = await requestIn(mock, next, 'waiting');
    const bad = await mock.request(`${REQUESTS}${request.id}/`, {
      method: 'PATCH',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('parse_error');
    const plain = await mock.request(`${REQUESTS}${request.id}/`, {
      method: 'PATCH',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'status=confirmed',
    });
    expect(plain.status).toBe(415);
  });

  it('an empty PATCH changes nothing', async () => {
    const request = await requestIn(mock, next, 'waiting');
    const before = snapshot(mock.store);
    const res = await send(mock, 'PATCH', `${REQUESTS}${request.id}/`, {});
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(request);
    expect(snapshot(mock.store)).toBe(before);
  });
});
