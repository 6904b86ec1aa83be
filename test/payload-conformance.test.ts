import { describe, expect, it } from 'vitest';
import { sharedSpecs } from './support/test-mock.ts';
import { vendorEvent } from './support/vendor-event.ts';

const check = async (body: unknown) =>
  (await sharedSpecs()).checker.check('retrieveCancellationPlan', { status: 200, contentType: 'application/json', body });

describe('the served plan schema against the real payload (seed 003)', () => {
  it('accepts the real cancellation_plan.created payload as a plan', async () => {
    expect(await check(vendorEvent().payload)).toEqual([]);
  });

  const breaks: Array<[string, (p: any) => void, RegExp]> = [
    ['a date that is not a date', (p) => (p.created_date = 'yesterday'), /created_date/],
    ['an impossible date', (p) => (p.modified_date = '2023-02-31T10:00:00.000000Z'), /modified_date/],
    ['a number for a decimal string', (p) => (p.refund_amount = 13.49), /refund_amount/],
    ['a decimal with three places', (p) => (p.order.amount = '13.490'), /amount/],
    ['an unknown order status code', (p) => (p.order.status = '51'), /status/],
    ['a status name instead of its code', (p) => (p.order_previous_status = 'approved'), /order_previous_status/],
    ['an unknown plan status', (p) => (p.status = 'pending'), /status/],
    ['the vendor currency spelling', (p) => (p.order.currency = 'tr'), /currency/],
    ['a dropped field', (p) => delete p.plan_type, /plan_type/],
    ['an unknown field', (p) => (p.surprise = 1), /additional/],
    ['a nested item with a wrong type', (p) => (p.cancellationplanorderitem_set[0].order_item.price = null), /price/],
  ];
  it.each(breaks)('rejects a payload with %s', async (_name, breakIt, pathPattern) => {
    const payload = vendorEvent().payload;
    breakIt(payload);
    const findings = await check(payload);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => `${f.path} ${f.message}`).join('\n')).toMatch(pathPattern);
  });
});
