import { expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { send } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));

it.each([
  ['12345678123412341234123456789ABC', '12345678-1234-1234-1234-123456789abc'],
  ['12345678-1234-1234-1234-123456789ABC', '12345678-1234-1234-1234-123456789abc'],
])('engine: a uuid field sent as %s is answered dashed, as DRF writes str(uuid), and a --strict list still answers', async (sent, answered) => {
  const mock = await createTestMock({ spec: [STOCK], strict: true });
  const res = await send(mock, 'POST', '/api/v1/stock_lists/', { name: 'Depo', status: 'active', price: '1.00', external_ref: sent });
  expect(res.status).toBe(201);
  const body = await json(res);
  expect(body.external_ref).toBe(answered);
  expect((await mock.getJson(`/api/v1/stock_lists/${body.id}/`)).external_ref).toBe(answered);
  expect((await mock.request('/api/v1/stock_lists/?limit=1000', { headers: AUTH })).status).toBe(200);
});

it('engine: a max length counts characters as DRF and JSON Schema do, so 20 emoji fit in 20 and 21 do not', async () => {
  const mock = await createTestMock({ spec: [STOCK] });
  const ok = await send(mock, 'POST', '/api/v1/stock_lists/', { name: '😀'.repeat(20), status: 'active', price: '1.00' });
  expect(ok.status).toBe(201);
  expect((await json(ok)).name).toBe('😀'.repeat(20));
  const long = await send(mock, 'POST', '/api/v1/stock_lists/', { name: '😀'.repeat(21), status: 'active', price: '1.00' });
  expect(long.status).toBe(400);
  expect(await json(long)).toEqual({ name: ['Ensure this field has no more than 20 characters.'] });
});
