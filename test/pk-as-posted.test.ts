import { beforeAll, describe, expect, it } from 'vitest';
import { drfIntegerText, pythonInt } from '../src/common/python-int.ts';
import { drfInteger } from '../src/domain/shared/drf-fields.ts';
import { planItemsOf } from '../src/store/store.ts';
import { REQUESTS, createBody, itemSupply, send } from './support/request-helpers.ts';
import { mockWithPlan } from './support/pick-plan.ts';
import { json, type TestMock } from './support/test-mock.ts';

/**
 * A pk or an integer posted as text is read the way the Python behind Omnitron reads it: Django's
 * pk lookup calls `int(value)` (spaces, a sign, underscores between digits), and DRF's
 * `IntegerField` strips a trailing `.0` first. Every write that takes a pk reads the same texts
 * the same way: one that `int()` reads but names nothing (`"-3"`) is "does not exist", not
 * "incorrect type".
 */

let mock: TestMock;
let plan: number;
let items: number[];

beforeAll(async () => {
  const found = await mockWithPlan(
    (p, m) => p.payment_plan === null && (m.store.planItemsByPlan.get(p.pk)?.length ?? 0) >= 1,
    'with an item and no payment plan yet',
  );
  mock = found.mock;
  plan = found.plan.pk;
  items = planItemsOf(mock.store, plan).map((l) => l.order_item);
});

/** `12345` as `"1_2345"`: a text Python's `int()` reads and a plain digit pattern does not. */
const underscored = (n: number) => `${String(n)[0]}_${String(n).slice(1)}`;

describe('Python-style whole numbers', () => {
  it('reads what int() reads and refuses what it refuses', () => {
    expect(pythonInt(' +12 ')).toBe(12);
    expect(pythonInt('-3')).toBe(-3);
    expect(pythonInt('1_000')).toBe(1000);
    for (const bad of ['', '1__0', '_1', '1_', '1.0', '0x10', '1e3', '+-1']) expect(pythonInt(bad), bad).toBeNull();
    expect(drfIntegerText(' 3.00 ')).toBe(3);
    expect(drfIntegerText('3.')).toBe(3);
    expect(drfIntegerText('0_7')).toBe(7);
    expect(drfIntegerText('3.5')).toBeNull();
    // What CPython's int() strips, not JS's trim(): U+0085 and U+3000 are spaces to it, the BOM is not.
    expect(pythonInt('2\x85')).toBe(2);
    expect(pythonInt('\u30002\u3000')).toBe(2);
    expect(pythonInt('\ufeff2')).toBeNull();
    // U+001C–U+001F: spaces to `str.isspace` and `re`, not to `int()`, which copies ASCII as it is.
    expect(pythonInt('\x1c2')).toBeNull();
    expect(drfIntegerText('3.0\x1c')).toBe(3);
    // A long run of spaces is stripped in one pass (a regex `\s+$` took 3.4 s on 60,000: this many
    // would hold the test past its timeout on any machine).
    expect(pythonInt(`1${' '.repeat(400_000)}x`)).toBeNull();
    // CPython refuses a decimal text of more than 4,300 digits (leading zeros count, `_` does not).
    expect(pythonInt(`${'0'.repeat(4299)}2`)).toBe(2);
    expect(pythonInt(`${'0'.repeat(4300)}2`)).toBeNull();
    expect(pythonInt(`-${'0_'.repeat(2150)}1`)).toBe(-1);
    expect(pythonInt(`-${'1'.repeat(4300)}`)).not.toBeNull();
    expect(drfIntegerText('3.0\x85')).toBe(3);
  });
});

describe('a pk posted as text', () => {
  it('creates a request from an order item pk with a sign and spaces, and a quantity with underscores', async () => {
    const item = itemSupply(mock.store)();
    const body = { ...createBody(mock.store, item), order_item: ` +${item.pk} `, quantity: '0_1' };
    const res = await send(mock, 'POST', REQUESTS, body);
    const out = await json(res);
    expect(res.status, JSON.stringify(out)).toBe(201);
    expect(out).toMatchObject({ order_item: item.pk, quantity: 1 });
  });

  it('refuses an integer text over DRF\'s 1,000 characters before reading it', async () => {
    const item = itemSupply(mock.store)();
    const res = await send(mock, 'POST', REQUESTS, { ...createBody(mock.store, item), quantity: `${'0'.repeat(1000)}1` });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ quantity: ['String value too large.'] });
    // 1,000 characters exactly are read; Python counts an emoji as one character, not two.
    expect(drfInteger(`${'0'.repeat(999)}1`)).toBe(1);
    expect(drfInteger(`${'1'.repeat(999)}\u{1F600}`)).toBe('A valid integer is required.');
  });

  it('answers "does not exist" for a negative pk, in every write that takes one', async () => {
    const item = itemSupply(mock.store)();
    const created = await send(mock, 'POST', REQUESTS, { ...createBody(mock.store, item), reason: '-3' });
    expect(created.status).toBe(400);
    expect(await json(created)).toEqual({ reason: ['Invalid pk "-3" - object does not exist.'] });

    const paid = await mock.postJson(`/api/v1/cancellation_plans/${plan}/create_payment_plan/`, {
      payment_plan: [{ transaction_type: 'refund', order_items: ['-3'] }],
    });
    expect(paid.status).toBe(400);
    expect(await json(paid)).toEqual({
      payment_plan: [{ order_items: ['Invalid pk "-3" - object does not exist.'] }],
    });

    const tagged = await mock.postJson(`${REQUESTS}bulk_add_tags/`, { ids: ['-3'], keys: ['k'] });
    expect(tagged.status).toBe(400);
    expect(await json(tagged)).toEqual({ ids: ['Invalid pk "-3" - object does not exist.'] });
  });

  it('stores a payment plan whose order items are posted with underscores as the pks they name', async () => {
    const res = await mock.postJson(`/api/v1/cancellation_plans/${plan}/create_payment_plan/`, {
      payment_plan: [{ transaction_type: 'refund', order_items: [underscored(items[0]!)] }],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const shown = await mock.getJson(`/api/v1/cancellation_plans/${plan}/`);
    expect(shown.payment_plan.payment_plan[0].order_items).toEqual([items[0]]);
  });
});
