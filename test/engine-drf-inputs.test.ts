import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { createTestMock, json } from './support/test-mock.ts';

/** Inputs DRF's fields take that the engine refused: each checked against Python 3.11 and DRF's source. */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const BASE = { name: 'Depo', status: 'active', price: '1.00' };
const UUID = '12345678-1234-5678-9abc-def012345678';

describe('engine: what DRF reads and the engine refused', () => {
  it.each([
    ['1_000', '1000.00'],
    [' _12_.5 ', '12.50'],
    ['1_0e1', '100.00'],
  ])('a decimal %j is Decimal() of it, underscores dropped: %s', async (sent, answered) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...BASE, price: sent });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await json(res)).price).toBe(answered);
  });

  it.each(['_', '1 _0', '_ 1'])('a decimal %j is still no number', async (sent) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...BASE, price: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ price: ['A valid number is required.'] });
  });

  it.each([
    ['2025-01-01T09:00:00.1234567Z', '2025-01-01T09:00:00.123456Z'],
    ['2025-01-01T09:00:00,5Z', '2025-01-01T09:00:00.500000Z'],
    ['2025-01-01T09:00:00+03', '2025-01-01T06:00:00.000000Z'],
    ['2025-01-01T09:00+0300', '2025-01-01T06:00:00.000000Z'],
    ['2025-1-2T9:05:00 Z', '2025-01-02T09:05:00.000000Z'],
  ])('a date-time %s is read as Django\'s parse_datetime reads it: %s', async (sent, answered) => {
    const mock = await widgetMock();
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await json(res)).released_at).toBe(answered);
  });

  it.each(['2025-01-01T09:00:00+3', '2025-01-01T25:00:00Z', '2025-01-01T09:00:00+24'])('a date-time %s is still refused', async (sent) => {
    const mock = await widgetMock();
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['released_at']);
  });

  it.each([`{${UUID}}`, `urn:uuid:${UUID}`, UUID.replaceAll('-', ''), UUID.toUpperCase(), '1234-5678-12345678-9abc-def012345678'])('a uuid %s is uuid.UUID() of it, answered dashed', async (sent) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...BASE, external_ref: sent });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await json(res)).external_ref).toBe(UUID);
  });

  it.each([`{${UUID}`.slice(0, -1), 'urn:uuid:1234', `URN:UUID:${UUID}`, `${UUID}0`])('a uuid %s is still refused', async (sent) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...BASE, external_ref: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ external_ref: ['Must be a valid UUID.'] });
  });
});
