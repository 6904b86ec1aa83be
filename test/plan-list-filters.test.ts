import { beforeAll, describe, expect, it } from 'vitest';
import { planFilters } from '../src/domain/plans/plan-filters.ts';
import { filterParameterNames } from '../src/domain/shared/filter-engine.ts';
import { AUTH, allRows, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * Every filter of the plan list, data-driven. Each case picks a value from the seeded data and
 * states, independently of the filter code, which plans that value should keep. The test then
 * demands that the answer is exactly that set, that it is not empty (a row kept) and that it is
 * smaller than the whole list (a row dropped), so a filter that matches everything — or
 * nothing — cannot pass.
 */

const PLANS = '/api/v1/cancellation_plans/';
type Plan = any;
let mock: TestMock;
let plans: Plan[];

beforeAll(async () => {
  mock = await createTestMock({ size: 150 });
  plans = await allRows(mock, PLANS);
});

const day = (iso: string) => iso.slice(0, 10);
const sortedPks = () => plans.map((p) => p.pk).sort((a, b) => a - b);
const median = () => sortedPks()[Math.floor(plans.length / 2)]!;
const some = <T>(pred: (p: Plan) => T | null | undefined): T => {
  const hit = plans.map(pred).find((v) => v !== null && v !== undefined);
  if (hit === undefined) throw new Error('the seeded data has no row for this case');
  return hit as T;
};
const channelType = (p: Plan) => mock.store.channels.get(p.order.channel)!.channel_type;
const byPk = (pk: number) => plans.find((p) => p.pk === pk);
const midDate = (field: 'created_date' | 'modified_date') => plans.map((p) => p[field]).sort()[Math.floor(plans.length / 2)];
const midDay = (field: 'created_date' | 'modified_date') => day(midDate(field));

interface Case {
  param: string;
  value: () => string;
  keeps: (p: Plan, value: string) => boolean;
}

const cases: Case[] = [
  { param: 'pk', value: () => String(median()), keeps: (p, v) => p.pk === Number(v) },
  { param: 'pk__in', value: () => `${sortedPks()[0]},${median()}`, keeps: (p, v) => v.split(',').map(Number).includes(p.pk) },
  { param: 'pk__gt', value: () => String(median()), keeps: (p, v) => p.pk > Number(v) },
  { param: 'pk__gte', value: () => String(median()), keeps: (p, v) => p.pk >= Number(v) },
  { param: 'pk__lt', value: () => String(median()), keeps: (p, v) => p.pk < Number(v) },
  { param: 'pk__lte', value: () => String(median()), keeps: (p, v) => p.pk <= Number(v) },
  { param: 'plan_type', value: () => 'refund', keeps: (p, v) => p.plan_type === v },
  { param: 'status', value: () => 'waiting', keeps: (p, v) => p.status === v },
  { param: 'order_id', value: () => String(plans[0].order.pk), keeps: (p, v) => p.order.pk === Number(v) },
  { param: 'order', value: () => String(plans[1].order.pk), keeps: (p, v) => p.order.pk === Number(v) },
  { param: 'order_number', value: () => plans[2].order.number, keeps: (p, v) => p.order.number === v },
  { param: 'customer_id', value: () => String(plans[3].order.customer), keeps: (p, v) => p.order.customer === Number(v) },
  { param: 'channel_type', value: () => channelType(plans[0]), keeps: (p, v) => channelType(p) === v },
  {
    param: 'channel_id__in',
    value: () => `${plans[0].order.channel},${some((p) => (p.order.channel !== plans[0].order.channel ? p.order.channel : null))}`,
    keeps: (p, v) => v.split(',').map(Number).includes(p.order.channel),
  },
  { param: 'invoice_number', value: () => some((p) => p.invoice_number), keeps: (p, v) => p.invoice_number === v },
  { param: 'invoice_date', value: () => day(some((p) => p.order.invoice_date)), keeps: (p, v) => p.order.invoice_date !== null && day(p.order.invoice_date) === v },
  { param: 'created_by', value: () => String(plans[0].created_by.pk), keeps: (p, v) => p.created_by.pk === Number(v) },
  { param: 'modified_by', value: () => String(plans[0].last_updated_by.pk), keeps: (p, v) => p.last_updated_by.pk === Number(v) },
  { param: 'staff_remote_id', value: () => some((p) => p.staff_remote_id), keeps: (p, v) => p.staff_remote_id === v },
  { param: 'retail_store_remote_id', value: () => some((p) => p.retail_store_remote_id), keeps: (p, v) => p.retail_store_remote_id === v },
  { param: 'related_cancellationplan', value: () => String(some((p) => p.related_cancellationplan)), keeps: (p, v) => p.related_cancellationplan === Number(v) },
  {
    param: 'related_cancellation_plan__plan_type',
    value: () => 'cancel',
    keeps: (p, v) => p.related_cancellationplan !== null && byPk(p.related_cancellationplan)?.plan_type === v,
  },
  { param: 'created_date', value: () => midDate('created_date'), keeps: (p, v) => p.created_date === v },
  { param: 'created_date', value: () => midDay('created_date'), keeps: (p, v) => day(p.created_date) === v },
  { param: 'created_date__gt', value: () => midDate('created_date'), keeps: (p, v) => p.created_date > v },
  { param: 'created_date__gte', value: () => midDate('created_date'), keeps: (p, v) => p.created_date >= v },
  { param: 'created_date__lt', value: () => midDate('created_date'), keeps: (p, v) => p.created_date < v },
  { param: 'created_date__lte', value: () => midDate('created_date'), keeps: (p, v) => p.created_date <= v },
  { param: 'created_date__date', value: () => midDay('created_date'), keeps: (p, v) => day(p.created_date) === v },
  { param: 'created_date__date__gt', value: () => midDay('created_date'), keeps: (p, v) => day(p.created_date) > v },
  { param: 'created_date__date__gte', value: () => midDay('created_date'), keeps: (p, v) => day(p.created_date) >= v },
  { param: 'created_date__date__lt', value: () => midDay('created_date'), keeps: (p, v) => day(p.created_date) < v },
  { param: 'created_date__date__lte', value: () => midDay('created_date'), keeps: (p, v) => day(p.created_date) <= v },
  { param: 'modified_date', value: () => midDate('modified_date'), keeps: (p, v) => p.modified_date === v },
  { param: 'modified_date__gt', value: () => midDate('modified_date'), keeps: (p, v) => p.modified_date > v },
  { param: 'modified_date__gte', value: () => midDate('modified_date'), keeps: (p, v) => p.modified_date >= v },
  { param: 'modified_date__lt', value: () => midDate('modified_date'), keeps: (p, v) => p.modified_date < v },
  { param: 'modified_date__lte', value: () => midDate('modified_date'), keeps: (p, v) => p.modified_date <= v },
  { param: 'modified_date__date', value: () => midDay('modified_date'), keeps: (p, v) => day(p.modified_date) === v },
  { param: 'modified_date__date__gt', value: () => midDay('modified_date'), keeps: (p, v) => day(p.modified_date) > v },
  { param: 'modified_date__date__gte', value: () => midDay('modified_date'), keeps: (p, v) => day(p.modified_date) >= v },
  { param: 'modified_date__date__lt', value: () => midDay('modified_date'), keeps: (p, v) => day(p.modified_date) < v },
  { param: 'modified_date__date__lte', value: () => midDay('modified_date'), keeps: (p, v) => day(p.modified_date) <= v },
  {
    param: 'tag',
    value: () => some((p) => mock.store.tags.cancellation_plan.tagsOf(p.pk)[0]),
    keeps: (p, v) => mock.store.tags.cancellation_plan.has(p.pk, v),
  },
  {
    param: 'tag__exclude',
    value: () => some((p) => mock.store.tags.cancellation_plan.tagsOf(p.pk)[0]),
    keeps: (p, v) => !mock.store.tags.cancellation_plan.has(p.pk, v),
  },
];

describe('cancellation plan list filters', () => {
  it.each(cases.map((c) => [c.param, c] as const))('filters by %s, keeping a row and dropping a row', async (_n, c) => {
    const value = c.value();
    const expected = plans.filter((p) => c.keeps(p, value)).map((p) => p.pk);
    expect(expected.length, `seeded data has a row matching ${c.param}=${value}`).toBeGreaterThan(0);
    expect(expected.length, `seeded data has a row not matching ${c.param}=${value}`).toBeLessThan(plans.length);
    const got = await allRows(mock, PLANS, `${c.param}=${encodeURIComponent(value)}`);
    expect(got.map((p) => p.pk)).toEqual(expected);
  });

  it('ANDs filters together', async () => {
    const got = await allRows(mock, PLANS, 'plan_type=cancel&status=completed');
    const expected = plans.filter((p) => p.plan_type === 'cancel' && p.status === 'completed');
    expect(expected.length).toBeGreaterThan(0);
    expect(got.map((p) => p.pk)).toEqual(expected.map((p) => p.pk));
  });

  it('skips an empty value, as django-filter does', async () => {
    expect((await allRows(mock, PLANS, 'status=')).length).toBe(plans.length);
  });

  it('every filter the spec lists is served, and no other', async () => {
    const op = mock.specs.operations.find((o) => o.operationId === 'listCancellationPlans')!;
    const specNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const tested = new Set(cases.map((c) => c.param));
    const routeParams = new Set(['page', 'limit', 'export_format']);
    expect(specNames.filter((n) => !routeParams.has(n) && !tested.has(n))).toEqual([]);
    const served = filterParameterNames(planFilters(mock.store));
    expect([...served].sort()).toEqual(specNames.filter((n) => !routeParams.has(n)).sort());
  });
});

describe('malformed filter values', () => {
  const bad: Array<[string, string, string]> = [
    ['pk', 'abc', 'Enter a whole number.'],
    ['pk__in', '1,x', 'Enter a whole number.'],
    ['pk__gt', '1.5', 'Enter a whole number.'],
    ['order', 'one', 'Enter a whole number.'],
    ['order_id', '1e3', 'Enter a whole number.'],
    ['customer_id', 'x', 'Enter a whole number.'],
    ['channel_id__in', 'web', 'Enter a whole number.'],
    ['created_by', 'me', 'Enter a whole number.'],
    ['related_cancellationplan', 'none', 'Enter a whole number.'],
    ['created_date__gt', 'yesterday', 'Enter a valid date/time.'],
    ['modified_date', '2024-02-31', 'Enter a valid date/time.'],
    ['invoice_date', '01/02/2024', 'Enter a valid date/time.'],
    ['created_date__date', '2024-13-01', 'Enter a valid date.'],
    ['status', 'pending', 'Select a valid choice. pending is not one of the available choices.'],
    ['plan_type', 'swap', 'Select a valid choice. swap is not one of the available choices.'],
    ['channel_type', 'tv', 'Select a valid choice. tv is not one of the available choices.'],
    ['related_cancellation_plan__plan_type', 'x', 'Select a valid choice. x is not one of the available choices.'],
    ['export_format', 'pdf', 'Select a valid choice. pdf is not one of the available choices.'],
  ];
  it.each(bad)('answers %s=%s with a 400 naming the parameter', async (param, value, message) => {
    const res = await mock.request(`${PLANS}?${param}=${encodeURIComponent(value)}`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ [param]: [message] });
  });
});
