import { expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { send } from './support/engine-fixture.ts';
import { createTestMock, json } from './support/test-mock.ts';

const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const BASE = { name: 'Depo', status: 'active', price: '1.00' };

it.each([
  [
    'an item of a nested list: a list of one entry per item, {} where valid (ListSerializer)',
    { lines: [{ sku: 'A-1', quantity: 2 }, { quantity: 0 }] },
    { lines: [{}, { sku: ['This field is required.'], quantity: ['Ensure this value is greater than or equal to 1.'] }] },
  ],
  [
    'a nested list that is no list: under non_field_errors',
    { lines: 'A-1' },
    { lines: { non_field_errors: ['Expected a list of items but got type "str".'] } },
  ],
  [
    'a nested list longer than its max_length: under non_field_errors (ListSerializer)',
    { lines: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }, { sku: 'D' }] },
    { lines: { non_field_errors: ['Ensure this field has no more than 3 elements.'] } },
  ],
  [
    'a list of strings longer than its max_length (ListField)',
    { labels: ['a', 'b', 'c'] },
    { labels: ['Ensure this field has no more than 2 elements.'] },
  ],
  [
    'an item of a list of strings: keyed by its index (ListField)',
    { labels: ['ok', {}] },
    { labels: { '1': ['Not a valid string.'] } },
  ],
])('engine: answers %s as DRF does, and stores nothing', async (_name, body, errors) => {
  const mock = await createTestMock({ spec: [STOCK] });
  const before = (await mock.getJson('/api/v1/stock_lists/')).count;
  const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...BASE, ...body });
  expect(res.status).toBe(400);
  expect(await json(res)).toEqual(errors);
  expect((await mock.getJson('/api/v1/stock_lists/')).count).toBe(before);
});

it('engine: a valid nested list is stored and answered as sent', async () => {
  const mock = await createTestMock({ spec: [STOCK] });
  const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...BASE, lines: [{ sku: 'A-1', quantity: 2 }, { sku: 'B-2' }] });
  expect(res.status).toBe(201);
  expect((await json(res)).lines).toEqual([{ sku: 'A-1', quantity: 2 }, { sku: 'B-2' }]);
});
