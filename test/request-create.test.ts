import { beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import type { OrderItem } from '../src/store/types.ts';
import {
  IBAN,
  REQUESTS,
  createBody,
  createRequestVia,
  freeItems,
  itemSupply,
  reasonOf,
  send,
  snapshot,
} from './support/request-helpers.ts';
import {
  AUTH,
  allRows,
  createTestMock,
  json,
  sharedSpecs,
  type TestMock,
} from './support/test-mock.ts';

/**
 * `POST /api/v1/cancellation_requests/` (DOMAIN.md §3): a valid body makes a waiting request and
 * holds its item; every create rule refuses with a 400 naming the field, in DRF's words where DRF
 * has them, and a refused create writes nothing.
 */

const STAMP = /^2026-03-04T10:00:00\.\d{6}Z$/;
let mock: TestMock;
let next: () => OrderItem;

beforeAll(async () => {
  await sharedSpecs();
  mock = await createTestMock();
  next = itemSupply(mock.store);
}, 60_000);

describe('creating a cancellation request', () => {
  it('answers 201 with the waiting request as retrieve shows it, and holds the item', async () => {
    const item = next();
    const body: Record<string, unknown> = {
      ...createBody(mock.store, item),
      description: 'Müşteri vazgeçti',
    };
    const res = await send(mock, 'POST', REQUESTS, body);
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({
      order_item: item.pk,
      reason: body.reason,
      cancellation_type: 'cancel',
      status: 'waiting',
      description: 'Müşteri vazgeçti',
      quantity: 1,
      iban: null,
      holder_name: null,
      fully_refund_as_loyalty_money: false,
      easy_return: null,
      attributes: {},
      attributes_kwargs: {},
      localized_attributes: {},
      localized_attributes_kwargs: {},
    });
    expect(created.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.created_date).toMatch(STAMP);
    expect(created.modified_date).toBe(created.created_date);
    expect(created.id).toBeGreaterThan(
      Math.max(...[...mock.store.requests.keys()].filter((id) => id !== created.id)),
    );
    expect(await mock.getJson(`${REQUESTS}${created.id}/`)).toEqual(created);
    expect((await allRows(mock, REQUESTS))[0]).toEqual(created);
    const after = mock.store.orderItems.get(item.pk)!;
    expect(after).toMatchObject({
      status: '50',
      cancel_status: 'waiting',
      modified_date: created.created_date,
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('takes a refund paid to a bank account, and one paid as loyalty money without bank details', async () => {
    const bank = await createRequestVia(mock, createBody(mock.store, next(), 'refund'));
    expect(bank).toMatchObject({
      cancellation_type: 'refund',
      iban: IBAN,
      holder_name: 'Ayşe Yılmaz',
    });
    const loyalty = await createRequestVia(mock, {
      order_item: next().pk,
      reason: reasonOf(mock.store, 'refund'),
      cancellation_type: 'refund',
      fully_refund_as_loyalty_money: true,
    });
    expect(loyalty).toMatchObject({
      iban: null,
      holder_name: null,
      fully_refund_as_loyalty_money: true,
    });
    expect(checkInvariants(mock.store)).toEqual([]);
  });

  it('reads values as DRF does: digit strings for pks and integers, "true" for a boolean, trimmed text', async () => {
    const item = next();
    const created = await createRequestVia(mock, {
      order_item: String(item.pk),
      reason: String(reasonOf(mock.store, 'refund')),
      cancellation_type: 'refund',
      quantity: '1',
      fully_refund_as_loyalty_money: 'false',
      iban: ` ${IBAN} `,
      holder_name: '  Ali Veli ',
    });
    expect(created).toMatchObject({
      order_item: item.pk,
      quantity: 1,
      fully_refund_as_loyalty_money: false,
      iban: IBAN,
      holder_name: 'Ali Veli',
    });
  });

  it('ignores a posted status and unknown fields: a new request is always waiting', async () => {
    const created = await createRequestVia(mock, {
      ...createBody(mock.store, next()),
      status: 'approved',
      cancellation_plan: 1,
      color: 'red',
    });
    expect(created).toMatchObject({ status: 'waiting' });
    expect(created).not.toHaveProperty('cancellation_plan');
  });

  it("lets a quantity up to the item's extra_field.quantity, and no more", async () => {
    const item = next();
    // Setup only: an item that stands for three units (DOMAIN.md §2), as some seeded items do.
    mock.store.orderItems.set(item.pk, { ...item, extra_field: { quantity: 3 } });
    const tooMany = await send(mock, 'POST', REQUESTS, {
      ...createBody(mock.store, item),
      quantity: 4,
    });
    expect(tooMany.status).toBe(400);
    expect(await json(tooMany)).toEqual({
      quantity: ['Ensure this value is less than or equal to 3.'],
    });
    const created = await createRequestVia(mock, { ...createBody(mock.store, item), quantity: 3 });
    expect(created.quantity).toBe(3);
    expect(checkInvariants(mock.store)).toEqual([]);
  });
});

type Case = [
  name: string,
  body: (item: OrderItem) => unknown,
  errors: (item: OrderItem) => unknown,
];

describe('a create that breaks a rule answers 400 naming the field and writes nothing', () => {
  const cancel = () => reasonOf(mock.store, 'cancel');
  const refund = () => reasonOf(mock.store, 'refund');
  const base = (item: OrderItem) => createBody(mock.store, item);
  const cases: Case[] = [
    [
      'an empty body',
      () => ({}),
      () => ({
        order_item: ['This field is required.'],
        reason: ['This field is required.'],
        cancellation_type: ['This field is required.'],
      }),
    ],
    [
      'an unknown order item',
      (i) => ({ ...base(i), order_item: 9_999_999 }),
      () => ({ order_item: ['Invalid pk "9999999" - object does not exist.'] }),
    ],
    [
      'an unknown reason',
      (i) => ({ ...base(i), reason: 9_999_999 }),
      () => ({ reason: ['Invalid pk "9999999" - object does not exist.'] }),
    ],
    [
      'a pk of the wrong type',
      (i) => ({ ...base(i), order_item: true, reason: 'abc' }),
      () => ({
        order_item: ['Incorrect type. Expected pk value, received bool.'],
        reason: ['Incorrect type. Expected pk value, received str.'],
      }),
    ],
    [
      'a null order item',
      (i) => ({ ...base(i), order_item: null }),
      () => ({ order_item: ['This field may not be null.'] }),
    ],
    [
      'an unknown cancellation type',
      (i) => ({ ...base(i), cancellation_type: 'return' }),
      () => ({ cancellation_type: ['"return" is not a valid choice.'] }),
    ],
    [
      'a reason of the other type',
      (i) => ({ ...base(i), reason: refund() }),
      () => ({
        reason: [`Reason ${refund()} is a refund reason; this is a cancel request.`],
      }),
    ],
    [
      'a quantity of 0',
      (i) => ({ ...base(i), quantity: 0 }),
      () => ({ quantity: ['Ensure this value is greater than or equal to 1.'] }),
    ],
    [
      'a quantity above what is left on a single item',
      (i) => ({ ...base(i), quantity: 2 }),
      () => ({ quantity: ['Ensure this value is less than or equal to 1.'] }),
    ],
    [
      'a quantity that is no integer',
      (i) => ({ ...base(i), quantity: 1.5 }),
      () => ({ quantity: ['A valid integer is required.'] }),
    ],
    [
      'a boolean that is none',
      (i) => ({ ...base(i), fully_refund_as_loyalty_money: 'maybe' }),
      () => ({ fully_refund_as_loyalty_money: ['Must be a valid boolean.'] }),
    ],
    [
      'a refund to a bank without holder name or IBAN',
      (i) => ({ order_item: i.pk, reason: refund(), cancellation_type: 'refund' }),
      () => ({
        iban: ['This field is required.'],
        holder_name: ['This field is required.'],
      }),
    ],
    [
      'an IBAN whose checksum fails',
      (i) => ({ ...createBody(mock.store, i, 'refund'), iban: 'TR340006100519786457841326' }),
      () => ({
        iban: ['Enter a valid Turkish IBAN: TR, then 24 digits with a valid checksum.'],
      }),
    ],
    [
      'an IBAN of another country',
      (i) => ({ ...createBody(mock.store, i, 'refund'), iban: 'DE89370400440532013000' }),
      () => ({
        iban: ['Enter a valid Turkish IBAN: TR, then 24 digits with a valid checksum.'],
      }),
    ],
    [
      'a blank holder name',
      (i) => ({ ...createBody(mock.store, i, 'refund'), holder_name: '  ' }),
      () => ({ holder_name: ['This field may not be blank.'] }),
    ],
    [
      'a holder name that is no string',
      (i) => ({ ...createBody(mock.store, i, 'refund'), holder_name: ['Ali'] }),
      () => ({ holder_name: ['Not a valid string.'] }),
    ],
    [
      'a body that is a list',
      () => [1],
      () => ({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }),
    ],
    ['a JSON null', () => null, () => ({ non_field_errors: ['No data provided'] })],
  ];

  it.each(cases)('%s', async (_name, body, errors) => {
    const item = freeItems(mock.store)[0]!;
    const before = snapshot(mock.store);
    const res = await send(mock, 'POST', REQUESTS, body(item));
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(errors(item));
    expect(snapshot(mock.store)).toBe(before);
  });

  it('refuses an item an open request already covers, whatever its status', async () => {
    for (const status of ['waiting', 'confirmed', 'approved'] as const) {
      const request = [...mock.store.requests.values()].find((r) => r.status === status)!;
      const before = snapshot(mock.store);
      const res = await send(mock, 'POST', REQUESTS, {
        ...createBody(
          mock.store,
          mock.store.orderItems.get(request.order_item)!,
          request.cancellation_type,
        ),
        cancellation_type: request.cancellation_type,
        reason: request.reason,
      });
      expect(res.status, status).toBe(400);
      expect(await json(res)).toEqual({
        order_item: [
          `Order item ${request.order_item} already has an open cancellation request (${request.id}, ${status}).`,
        ],
      });
      expect(snapshot(mock.store)).toBe(before);
    }
  });

  it('refuses a second request for the item it just took', async () => {
    const item = next();
    const first = await createRequestVia(mock, createBody(mock.store, item));
    const res = await send(mock, 'POST', REQUESTS, createBody(mock.store, item));
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      order_item: [
        `Order item ${item.pk} already has an open cancellation request (${first.id}, waiting).`,
      ],
    });
  });

  it('refuses an item an open plan holds, and one already cancelled or refunded', async () => {
    const requested = new Set([...mock.store.requests.values()].map((r) => r.cancellation_plan));
    const direct = [...mock.store.plans.values()].find(
      (p) => p.status === 'waiting' && !requested.has(p.pk),
    )!;
    const held = [...mock.store.planItems.values()].find((l) => l.plan === direct.pk)!.order_item;
    const cancelled = [...mock.store.orderItems.values()].find((i) => i.status === '100')!;
    const refunded = [...mock.store.orderItems.values()].find((i) => i.status === '600')!;
    for (const [pk, message] of [
      [held, `Order item ${held} is already in cancellation plan ${direct.pk}.`],
      [cancelled.pk, `Order item ${cancelled.pk} is already cancelled.`],
      [refunded.pk, `Order item ${refunded.pk} is already refunded.`],
    ] as const) {
      const before = snapshot(mock.store);
      const res = await send(mock, 'POST', REQUESTS, {
        order_item: pk,
        reason: cancel(),
        cancellation_type: 'cancel',
      });
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({ order_item: [message] });
      expect(snapshot(mock.store)).toBe(before);
    }
  });

  it('answers a malformed body with parse_error and another media type with 415', async () => {
    const bad = await mock.request(REQUESTS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"order_item": ',
    });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({
      code: 'parse_error',
      detail: expect.stringMatching(/^JSON parse error - /),
    });
    const plain = await mock.request(REQUESTS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'order_item=1',
    });
    expect(plain.status).toBe(415);
    expect(await json(plain)).toEqual({
      detail: 'Unsupported media type "text/plain" in request.',
      code: 'unsupported_media_type',
    });
  });
});
