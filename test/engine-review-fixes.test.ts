import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/** The findings of the review of polish3 (the seventeenth session's engine fixes), one describe each. */
const PARCELS = fileURLToPath(new URL('./fixtures/engine/parcels.openapi.yaml', import.meta.url));
const LIST = '/api/v1/parcels/';
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const STOCK_BASE = { name: 'Depo', status: 'active', price: '1.00' };
const UUID = '12345678-1234-5678-9abc-def012345678';
const ADDRESS = { city: 'İzmir', street: 'Kordon 1' };

/** The parcels document with `address` nullable and not required: a row may hold `address: null`. */
function nullableAddress(): string {
  const text = readFileSync(PARCELS, 'utf8')
    .replace('required: [id, name, address, created_date, modified_date]', 'required: [id, name, created_date, modified_date]')
    .replace('        address:\n          type: object\n', '        address:\n          type: object\n          nullable: true\n');
  const file = join(mkdtempSync(join(tmpdir(), 'engine-review-')), 'parcels.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

describe('engine: a PATCH of a nested object onto null', () => {
  it('is refused as a whole object would be, and stores nothing the document refuses', async () => {
    const mock = await createTestMock({ spec: [nullableAddress()] });
    const made = await json(await send(mock, 'POST', LIST, { name: 'n', address: null }));
    const res = await send(mock, 'PATCH', `${LIST}${made.id}/`, { address: { zip: '35000' } });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ address: { city: ['This field is required.'], street: ['This field is required.'] } });
    expect(mock.violations).toEqual([]);
    expect((await mock.getJson(`${LIST}${made.id}/`)).address).toBeNull();
  });

  it('under --strict answers 400, and the row and its list still answer 200', async () => {
    const mock = await createTestMock({ spec: [nullableAddress()], strict: true });
    const made = await json(await send(mock, 'POST', LIST, { name: 'n', address: null }));
    const res = await send(mock, 'PATCH', `${LIST}${made.id}/`, { address: { zip: '35000' } });
    expect(res.status).toBe(400);
    expect((await mock.app.request(`${LIST}${made.id}/`, { headers: AUTH })).status).toBe(200);
    expect((await mock.app.request(`${LIST}?limit=1000`, { headers: AUTH })).status).toBe(200);
  });

  it('a whole object onto null is taken', async () => {
    const mock = await createTestMock({ spec: [nullableAddress()] });
    const made = await json(await send(mock, 'POST', LIST, { name: 'n', address: null }));
    const res = await send(mock, 'PATCH', `${LIST}${made.id}/`, { address: { city: 'İzmir', street: 'Kordon 1' } });
    expect(res.status).toBe(200);
    expect((await json(res)).address).toEqual({ city: 'İzmir', street: 'Kordon 1' });
  });
});

describe('engine: uuid, date-time and date bodies are read as sent, not stripped (no CharField)', () => {
  it.each([` ${UUID}`, `${UUID} `, `\t${UUID}`, `${UUID}\n`, ''])('a uuid %j is "Must be a valid UUID."', async (sent) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...STOCK_BASE, external_ref: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ external_ref: ['Must be a valid UUID.'] });
  });

  it.each([' 2025-01-01T09:00:00Z', '2025-01-01T09:00:00Z ', '2025-01-01T09:00\uFEFFZ', '\n2025-01-01T09:00:00Z', ''])('a date-time %j is refused', async (sent) => {
    const mock = await widgetMock();
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['released_at']);
  });

  it.each([
    ['2025-01-01T09:00:00Z\n', '2025-01-01T09:00:00.000000Z'],
    ['2025-01-01T09:00:00\u3000Z', '2025-01-01T09:00:00.000000Z'],
    ['2025-01-01T09:00:00\x1cZ', '2025-01-01T09:00:00.000000Z'],
    ['2025-01-01T09:00:00 ', '2025-01-01T09:00:00.000000Z'],
  ])('a date-time %j is Django\'s datetime_re (Python\'s \\s and $): %s', async (sent, answered) => {
    const mock = await widgetMock();
    const res = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, released_at: sent });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await json(res)).released_at).toBe(answered);
  });

  it.each([' 2025-01-05', '2025-01-05 ', ''])('a date %j is refused', async (sent) => {
    const mock = await createTestMock({ spec: [PARCELS] });
    const res = await send(mock, 'POST', LIST, { name: 'p', address: ADDRESS, shipped_on: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ shipped_on: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'] });
  });
});

const EXTRA = fileURLToPath(new URL('./fixtures/review/review-extra.openapi.yaml', import.meta.url));

describe('a path mixing a public and a private operation', () => {
  it('answers another method 401 without a token, not 405 and its Allow (DRF authenticates first)', async () => {
    const mock = await createTestMock({ spec: [EXTRA] });
    const res = await mock.request('/api/v1/mixed_things/', { method: 'DELETE' });
    expect(res.status).toBe(401);
    expect(res.headers.get('allow')).toBeNull();
    expect(await json(res)).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
  });

  it('answers it 405 and its Allow with the full token, and its public GET without one', async () => {
    const mock = await createTestMock({ spec: [EXTRA] });
    const res = await mock.request('/api/v1/mixed_things/', { method: 'DELETE', headers: AUTH });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD');
    expect((await mock.request('/api/v1/mixed_things/')).status).toBe(200);
  });
});

describe('a document\'s literal path under a domain {id}/ route', () => {
  it('GET …/cancellation_plans/summary/ runs the document\'s operation, as the request log and faults name it', async () => {
    const mock = await createTestMock({ spec: [EXTRA] });
    const res = await mock.request('/api/v1/cancellation_plans/summary/', { headers: AUTH });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ total: 3 });
    expect((await json(await mock.app.request('/__mock/requests?limit=1'))).results[0].operation_id).toBe('planSummary');
  });

  it('a plan by its id is still the domain\'s', async () => {
    const mock = await createTestMock({ spec: [EXTRA] });
    const first = (await mock.getJson('/api/v1/cancellation_plans/?limit=1')).results[0];
    expect((await mock.getJson(`/api/v1/cancellation_plans/${first.pk}/`)).pk).toBe(first.pk);
  });
});

describe('engine: inputs DRF takes that the engine refused', () => {
  it.each([['2025-1-5', '2025-01-05'], ['2025-01-5', '2025-01-05'], ['2025-01-05\n', '2025-01-05']])('a date %j in a body is Django\'s parse_date of it: %s', async (sent, answered) => {
    const mock = await createTestMock({ spec: [PARCELS] });
    const res = await send(mock, 'POST', LIST, { name: 'p', address: ADDRESS, shipped_on: sent });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await json(res)).shipped_on).toBe(answered);
  });

  it.each(['2025-1-32', '2025-2-30', '25-01-05', '2025-001-05'])('a date %j is still no date', async (sent) => {
    const mock = await createTestMock({ spec: [PARCELS] });
    const res = await send(mock, 'POST', LIST, { name: 'p', address: ADDRESS, shipped_on: sent });
    expect(res.status).toBe(400);
  });

  it.each([
    [5, '00000000-0000-0000-0000-000000000005'],
    [0, '00000000-0000-0000-0000-000000000000'],
    [2 ** 53 - 1, '00000000-0000-0000-001f-ffffffffffff'],
    [true, '00000000-0000-0000-0000-000000000001'],
  ])('a uuid sent as the JSON %j is uuid.UUID(int=): %s', async (sent, answered) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...STOCK_BASE, external_ref: sent });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await json(res)).external_ref).toBe(answered);
  });

  it.each([-1, 1.5, 2 ** 53])('a uuid sent as the JSON number %j is "Must be a valid UUID."', async (sent) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await send(mock, 'POST', '/api/v1/stock_lists/', { ...STOCK_BASE, external_ref: sent });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ external_ref: ['Must be a valid UUID.'] });
  });

  it('?shipped_on=2025-01-%205 is the fifth, as strptime\'s %d reads " 5"', async () => {
    const mock = await createTestMock({ spec: [PARCELS] });
    const made = await json(await send(mock, 'POST', LIST, { name: 'fifth', address: ADDRESS, shipped_on: '2025-01-05' }));
    const res = await mock.request(`${LIST}?shipped_on=2025-01-%205&limit=1000`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect((await json(res)).results.map((p: { id: number }) => p.id)).toContain(made.id);
  });
});
