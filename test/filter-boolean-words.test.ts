import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json } from './support/test-mock.ts';
import { widgetMock } from './support/engine-fixture.ts';

/**
 * django-filter's BooleanFilter takes `true`/`True`/`1` and `false`/`False`/`0`, and answers 400
 * for any other word — including the names every JavaScript object inherits (`constructor`,
 * `toString`, `__proto__`), which a lookup in a plain object found and took for a value: the list
 * then answered 200 with nothing in it.
 */
const WORDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('a boolean filter given an inherited property name', () => {
  it.each(WORDS)('request list: %s is not a valid choice (400)', async (word) => {
    const mock = await createTestMock({ size: 5 });
    const res = await mock.request(`/api/v1/cancellation_requests/?fully_refund_as_loyalty_money=${word}`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ fully_refund_as_loyalty_money: [`Select a valid choice. ${word} is not one of the available choices.`] });
  });

  it.each(WORDS)('engine list `__isnull`: %s is not a valid choice (400)', async (word) => {
    const mock = await widgetMock();
    const res = await mock.request(`/api/v1/widgets/?note__isnull=${word}`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ note__isnull: [`Select a valid choice. ${word} is not one of the available choices.`] });
  });

  it('the valid words still filter', async () => {
    const mock = await createTestMock({ size: 5 });
    for (const word of ['true', 'True', '1', 'false', 'False', '0']) {
      const res = await mock.request(`/api/v1/cancellation_requests/?fully_refund_as_loyalty_money=${word}`, { headers: AUTH });
      expect(res.status, word).toBe(200);
    }
  });
});
