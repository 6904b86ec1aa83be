import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_TRANSITIONS } from '../src/domain/plans/plan-transitions.ts';
import { planItemsOf } from '../src/store/store.ts';
import { PLAN_STATUSES, type PlanStatus } from '../src/store/types.ts';
import { mockWithPlan } from './support/pick-plan.ts';
import {
  AUTH,
  READONLY_TOKEN,
  allRows,
  createTestMock,
  json,
  sharedSpecs,
  type TestMock,
} from './support/test-mock.ts';
import { PLAN_TABLE } from './support/domain-tables.ts';

/**
 * `update_status` walks DOMAIN.md §4's table: every allowed move (each on a fresh mock, so the
 * moves cannot lean on one another), every refused move, the current status again, and every
 * way the body can be wrong. The table is written out here from DOMAIN.md, not read from the
 * code, so a wrong table in the code fails.
 */

const PLANS = '/api/v1/cancellation_plans/';
const statusUrl = (pk: number | string) => `${PLANS}${pk}/update_status/`;
/** The fixed clock's first stamp: every test mock starts at TEST_NOW. */
const FIRST_STAMP = '2026-03-04T10:00:00.000000Z';

const DOMAIN_TABLE = PLAN_TABLE;

const ALLOWED = PLAN_STATUSES.flatMap((from) =>
  DOMAIN_TABLE[from].map((to) => [from, to] as const),
);
const REFUSED = PLAN_STATUSES.flatMap((from) =>
  PLAN_STATUSES.filter((to) => to !== from && !DOMAIN_TABLE[from].includes(to)).map(
    (to) => [from, to] as const,
  ),
);

function planIn(mock: TestMock, status: PlanStatus, skip = 0): number {
  const pks = [...mock.store.plans.values()].filter((p) => p.status === status).map((p) => p.pk);
  if (pks.length <= skip) throw new Error(`the seed has no plan in ${status}`);
  return pks[skip]!;
}

function post(
  mock: TestMock,
  pk: number | string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return mock.postJson(statusUrl(pk), body, headers);
}

// Specs and validators load once per file; do it before the per-case mocks start their clocks.
beforeAll(() => sharedSpecs(), 60_000);

describe('plan status table', () => {
  it("is DOMAIN.md §4 exactly, with the vendor's two prohibitions", () => {
    expect(PLAN_TRANSITIONS).toEqual(DOMAIN_TABLE);
    expect(ALLOWED).toHaveLength(26);
    expect(REFUSED).toHaveLength(11 * 10 - 26);
    expect(DOMAIN_TABLE.approved).not.toContain('confirmed');
    for (const back of [
      'waiting',
      'waiting_supplier',
      'confirmation_waiting',
      'confirmed',
      'approved',
    ] as const) {
      expect(DOMAIN_TABLE.waiting_for_payment).not.toContain(back);
    }
  });

  it.each(ALLOWED)('allows %s → %s and stamps the move', async (from, to) => {
    const mock = await createTestMock({ size: 80 });
    const pk = planIn(mock, from);
    const res = await post(mock, pk, { status: to });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ message: 'Status updated successfully' });
    const plan = await mock.getJson(`${PLANS}${pk}/`);
    expect(plan.status).toBe(to);
    expect(plan.modified_date).toBe(FIRST_STAMP);
    expect(plan.last_updated_by.pk).toBe(1);
  });
});

describe('plan status refusals', () => {
  let mock: TestMock;
  beforeAll(async () => {
    mock = await createTestMock({ size: 80 });
  });

  it.each(REFUSED)('refuses %s → %s with a stable code and changes nothing', async (from, to) => {
    const pk = planIn(mock, from);
    const before = mock.store.plans.get(pk)!;
    const items = planItemsOf(mock.store, pk).map((line) =>
      mock.store.orderItems.get(line.order_item),
    );
    const order = mock.store.orders.get(before.order);
    const res = await post(mock, pk, { status: to });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      non_field_errors: [`Cancellation plan status cannot be changed from ${from} to ${to}.`],
      code: 'plan_status_transition_not_allowed',
    });
    expect(mock.store.plans.get(pk)).toBe(before);
    expect(
      planItemsOf(mock.store, pk).map((line) => mock.store.orderItems.get(line.order_item)),
    ).toEqual(items);
    expect(mock.store.orders.get(before.order)).toBe(order);
  });

  it.each(PLAN_STATUSES)(
    'takes %s → the same status as no move: 200, nothing written',
    async (status) => {
      const pk = planIn(mock, status);
      const before = mock.store.plans.get(pk)!;
      const items = planItemsOf(mock.store, pk).map((line) =>
        mock.store.orderItems.get(line.order_item),
      );
      const res = await post(mock, pk, { status });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ message: 'Status updated successfully' });
      expect(mock.store.plans.get(pk)).toBe(before);
      items.forEach((item) => expect(mock.store.orderItems.get(item!.pk)).toBe(item));
    },
  );
});

describe('plan status body', () => {
  let mock: TestMock;
  let pk: number;
  beforeAll(async () => {
    mock = await createTestMock({ size: 60 });
    pk = planIn(mock, 'waiting');
  });

  const cases: Array<[string, unknown, unknown]> = [
    ['an unknown status', { status: 'x' }, { status: ['"x" is not a valid choice.'] }],
    ['an empty status', { status: '' }, { status: ['"" is not a valid choice.'] }],
    ['a number', { status: 5 }, { status: ['"5" is not a valid choice.'] }],
    [
      'a boolean, printed as Python does',
      { status: true },
      { status: ['"True" is not a valid choice.'] },
    ],
    ['a null status', { status: null }, { status: ['This field may not be null.'] }],
    ['an empty object', {}, { status: ['This field is required.'] }],
    ['another field only', { state: 'approved' }, { status: ['This field is required.'] }],
    [
      'a list',
      ['approved'],
      { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] },
    ],
    [
      'a string',
      'approved',
      { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] },
    ],
    ['null', null, { non_field_errors: ['No data provided'] }],
  ];

  it.each(cases)('answers 400 naming the field for %s', async (_name, body, expected) => {
    const res = await post(mock, pk, body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(expected);
    expect(mock.store.plans.get(pk)!.status).toBe('waiting');
  });

  it('answers a missing body as a missing field', async () => {
    const res = await mock.request(statusUrl(pk), { method: 'POST', headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ status: ['This field is required.'] });
  });

  it('answers malformed JSON with a parse error and another media type with 415', async () => {
    const bad = await mock.request(statusUrl(pk), {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"status": ',
    });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({
      code: 'parse_error',
      detail: expect.stringMatching(/^JSON parse error - /),
    });
    const text = await mock.request(statusUrl(pk), {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'status=approved',
    });
    expect(text.status).toBe(415);
    expect(await json(text)).toEqual({
      detail: 'Unsupported media type "text/plain" in request.',
      code: 'unsupported_media_type',
    });
  });

  it('answers 404 for an unknown plan, a non-numeric id, and an unknown plan with a bad body', async () => {
    const unknown = Math.max(...mock.store.plans.keys()) + 1;
    for (const [id, body] of [
      [unknown, { status: 'approved' }],
      ['abc', { status: 'approved' }],
      [unknown, 'x'],
    ] as const) {
      const res = await post(mock, id, body);
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
    }
  });

  it('answers 403 to a read-only token and 401 without one, and writes nothing', async () => {
    const before = mock.store.plans.get(pk);
    const ro = await post(
      mock,
      pk,
      { status: 'approved' },
      { Authorization: `Token ${READONLY_TOKEN}` },
    );
    expect(ro.status).toBe(403);
    expect(await json(ro)).toEqual({
      detail: 'You do not have permission to perform this action.',
      code: 'permission_denied',
    });
    const anon = await mock.request(statusUrl(pk), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"status":"approved"}',
    });
    expect(anon.status).toBe(401);
    expect(mock.store.plans.get(pk)).toBe(before);
  });
});

describe('a plan move is visible at once', () => {
  it('in retrieve, the list filters and the export', async () => {
    const { mock, plan } = await mockWithPlan(
      (p) => p.status === 'waiting' && p.last_updated_by !== 1,
      'waiting, last updated by someone other than the token user',
    );
    expect((await post(mock, plan.pk, { status: 'approved' })).status).toBe(200);

    const shown = await mock.getJson(`${PLANS}${plan.pk}/`);
    expect(shown).toMatchObject({
      status: 'approved',
      modified_date: FIRST_STAMP,
      last_updated_by: { pk: 1 },
    });

    const pks = async (query: string) => (await allRows(mock, PLANS, query)).map((p) => p.pk);
    expect(await pks('status=approved')).toContain(plan.pk);
    expect(await pks('status=waiting')).not.toContain(plan.pk);
    expect(await pks('modified_date__gte=2026-03-04T10:00:00Z')).toEqual([plan.pk]);
    expect(await pks('modified_date__date=2026-03-04')).toEqual([plan.pk]);
    expect(await pks('modified_by=1')).toContain(plan.pk);
    expect(await pks(`modified_by=${plan.last_updated_by}`)).not.toContain(plan.pk);

    const res = await mock.request(`${PLANS}?pk=${plan.pk}&export_format=csv`, { headers: AUTH });
    const [header, row] = (await res.text()).trimEnd().split('\r\n');
    const cols = header!.split(',');
    const cells = row!.split(',');
    expect(cells[cols.indexOf('status')]).toBe('approved');
    expect(cells[cols.indexOf('modified_date')]).toBe(FIRST_STAMP);
  });
});
