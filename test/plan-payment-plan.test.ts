import { beforeAll, describe, expect, it } from 'vitest';
import { planItemsOf } from '../src/store/store.ts';
import { mockWithPlan } from './support/pick-plan.ts';
import { AUTH, READONLY_TOKEN, json, type TestMock } from './support/test-mock.ts';

/**
 * `create_payment_plan`: the body is read as a nested DRF serializer would read it, errors nest
 * the way DRF nests them (and the self-check holds them to the served schema), and what is
 * stored is what retrieve shows, replaced by the next call.
 */

const PLANS = '/api/v1/cancellation_plans/';
const url = (pk: number | string) => `${PLANS}${pk}/create_payment_plan/`;
let mock: TestMock;
let pk: number;
let items: number[];
let foreign: number;

beforeAll(async () => {
  const found = await mockWithPlan(
    (p, m) => p.payment_plan === null && (m.store.planItemsByPlan.get(p.pk)?.length ?? 0) >= 2,
    'with two items or more and no payment plan yet',
  );
  mock = found.mock;
  pk = found.plan.pk;
  items = planItemsOf(mock.store, pk).map((l) => l.order_item);
  foreign = [...mock.store.orderItems.keys()].find((id) => !items.includes(id))!;
});

describe('payment plan', () => {
  it("stores the posted object as the plan's payment_plan, exactly as retrieve then shows it", async () => {
    const body = {
      payment_plan: [
        { transaction_type: 'refund', order_items: [items[0]] },
        { transaction_type: 'loyalty_money', order_items: items.slice(1) },
      ],
    };
    const before = mock.store.plans.get(pk)!;
    const res = await mock.postJson(url(pk), body);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ message: 'Payment plan created successfully' });
    const shown = await mock.getJson(`${PLANS}${pk}/`);
    expect(shown.payment_plan).toEqual(body);
    expect(mock.store.plans.get(pk)!.payment_plan).toEqual(body);
    expect(shown.modified_date).not.toBe(before.modified_date);
    expect(shown.last_updated_by.pk).toBe(1);
    expect(before.payment_plan).toBeNull();
  });

  it('replaces the first payment plan with the second, dropping keys the serializer does not know', async () => {
    await mock.postJson(url(pk), {
      payment_plan: [{ transaction_type: 'refund', order_items: items }],
    });
    const res = await mock.postJson(url(pk), {
      payment_plan: [
        { transaction_type: 'loyalty_money', order_items: [String(items[1])], note: 'x' },
      ],
      extra: 1,
    });
    expect(res.status).toBe(200);
    expect((await mock.getJson(`${PLANS}${pk}/`)).payment_plan).toEqual({
      payment_plan: [{ transaction_type: 'loyalty_money', order_items: [items[1]] }],
    });
  });
});

describe('payment plan errors', () => {
  const entry = (over: Record<string, unknown>) => ({
    transaction_type: 'refund',
    order_items: [items[0]],
    ...over,
  });
  const cases: Array<[string, () => unknown, () => unknown]> = [
    ['no payment_plan', () => ({}), () => ({ payment_plan: ['This field is required.'] })],
    [
      'a null payment_plan',
      () => ({ payment_plan: null }),
      () => ({ payment_plan: ['This field may not be null.'] }),
    ],
    [
      'an empty payment_plan',
      () => ({ payment_plan: [] }),
      () => ({ payment_plan: { non_field_errors: ['This list may not be empty.'] } }),
    ],
    [
      'a payment_plan that is not a list',
      () => ({ payment_plan: { transaction_type: 'refund' } }),
      () => ({
        payment_plan: { non_field_errors: ['Expected a list of items but got type "dict".'] },
      }),
    ],
    [
      'an entry without transaction_type',
      () => ({ payment_plan: [{ order_items: [items[0]] }] }),
      () => ({ payment_plan: [{ transaction_type: ['This field is required.'] }] }),
    ],
    [
      'an entry without order_items',
      () => ({ payment_plan: [{ transaction_type: 'refund' }] }),
      () => ({ payment_plan: [{ order_items: ['This field is required.'] }] }),
    ],
    [
      'an unknown transaction type',
      () => ({ payment_plan: [entry({ transaction_type: 'cash' })] }),
      () => ({ payment_plan: [{ transaction_type: ['"cash" is not a valid choice.'] }] }),
    ],
    [
      'an order item not in the plan',
      () => ({ payment_plan: [entry({}), entry({ order_items: [items[0], foreign] })] }),
      () => ({
        payment_plan: [{}, { order_items: [`Invalid pk "${foreign}" - object does not exist.`] }],
      }),
    ],
    [
      'order_items as a string',
      () => ({ payment_plan: [entry({ order_items: '1' })] }),
      () => ({ payment_plan: [{ order_items: ['Expected a list of items but got type "str".'] }] }),
    ],
    [
      'an empty order_items',
      () => ({ payment_plan: [entry({ order_items: [] })] }),
      () => ({ payment_plan: [{ order_items: ['This list may not be empty.'] }] }),
    ],
    [
      'an order item of the wrong type',
      () => ({ payment_plan: [entry({ order_items: [true] })] }),
      () => ({
        payment_plan: [{ order_items: ['Incorrect type. Expected pk value, received bool.'] }],
      }),
    ],
    [
      'both fields wrong',
      () => ({ payment_plan: [{ transaction_type: 7, order_items: null }] }),
      () => ({
        payment_plan: [
          {
            transaction_type: ['"7" is not a valid choice.'],
            order_items: ['This field may not be null.'],
          },
        ],
      }),
    ],
    [
      'an entry that is not an object',
      () => ({ payment_plan: [entry({}), 'refund'] }),
      () => ({
        payment_plan: [
          {},
          { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] },
        ],
      }),
    ],
    [
      'a null entry',
      () => ({ payment_plan: [null] }),
      () => ({ payment_plan: [['This field may not be null.']] }),
    ],
    [
      'a body that is a list',
      () => [entry({})],
      () => ({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }),
    ],
    [
      'a body that is a number',
      () => 3,
      () => ({ non_field_errors: ['Invalid data. Expected a dictionary, but got int.'] }),
    ],
  ];

  it.each(cases)(
    'answers 400 naming the field for %s, and stores nothing',
    async (_name, body, expected) => {
      const before = mock.store.plans.get(pk);
      const res = await mock.postJson(url(pk), body());
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual(expected());
      expect(mock.store.plans.get(pk)).toBe(before);
    },
  );

  it('answers a missing body as a missing field, malformed JSON with parse_error, another media type with 415', async () => {
    const empty = await mock.request(url(pk), { method: 'POST', headers: AUTH });
    expect(empty.status).toBe(400);
    expect(await json(empty)).toEqual({ payment_plan: ['This field is required.'] });
    const bad = await mock.request(url(pk), {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"payment_plan": [',
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('parse_error');
    const form = await mock.request(url(pk), {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'payment_plan=1',
    });
    expect(form.status).toBe(415);
    expect((await json(form)).code).toBe('unsupported_media_type');
  });

  it('answers 404 for an unknown plan and a non-numeric id, 403 to a read-only token', async () => {
    const body = { payment_plan: [{ transaction_type: 'refund', order_items: [items[0]] }] };
    for (const id of [Math.max(...mock.store.plans.keys()) + 1, 'x1']) {
      const res = await mock.postJson(url(id), body);
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
    }
    const before = mock.store.plans.get(pk);
    const ro = await mock.postJson(url(pk), body, { Authorization: `Token ${READONLY_TOKEN}` });
    expect(ro.status).toBe(403);
    expect((await json(ro)).code).toBe('permission_denied');
    expect(mock.store.plans.get(pk)).toBe(before);
  });
});
