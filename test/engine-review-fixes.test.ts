import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/** The findings of the review of polish3 (the seventeenth session's engine fixes), one describe each. */
const PARCELS = fileURLToPath(new URL('./fixtures/engine/parcels.openapi.yaml', import.meta.url));
const LIST = '/api/v1/parcels/';

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
    const res = await mock.app.request(`${LIST}${made.id}/`, {
      method: 'PATCH',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: { zip: '35000' } }),
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ address: { city: ['This field is required.'], street: ['This field is required.'] } });
    expect(mock.violations).toEqual([]);
    expect((await mock.getJson(`${LIST}${made.id}/`)).address).toBeNull();
  });

  it('under --strict answers 400, and the row and its list still answer 200', async () => {
    const mock = await createTestMock({ spec: [nullableAddress()], strict: true });
    const made = await json(await send(mock, 'POST', LIST, { name: 'n', address: null }));
    const res = await mock.app.request(`${LIST}${made.id}/`, {
      method: 'PATCH',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ address: { zip: '35000' } }),
    });
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
