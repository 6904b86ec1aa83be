import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * DRF's `UUIDField.to_internal_value` takes a Python `int` as `uuid.UUID(int=…)` and nothing else
 * that is not text: Python's json reads `5` as an int but `5.0`, `5.5` and `1e3` as floats, so
 * those are "Must be a valid UUID.". JSON.parse answers `5` for both `5` and `5.0`: the engine
 * reads how the number was written from the body's text. The bodies are sent as written here.
 */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const LIST = '/api/v1/stock_lists/';

/** The stock-lists document with a PATCH on the detail path. */
function withPatch(): string {
  const patch = [
    '    patch:',
    '      operationId: partialUpdateStockList',
    '      requestBody:',
    '        content:',
    '          application/json:',
    "            schema: {$ref: '#/components/schemas/StockList'}",
    '      responses:',
    "        '200':",
    '          description: Updated',
    '          content:',
    '            application/json:',
    "              schema: {$ref: '#/components/schemas/StockList'}",
    'components:',
  ].join('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'engine-uuid-floats-')), 'stock-lists.openapi.yaml');
  writeFileSync(file, readFileSync(STOCK, 'utf8').replace(/^components:/m, patch));
  return file;
}

function post(mock: TestMock, text: string, method = 'POST', path = LIST): Promise<Response> {
  return mock.request(path, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, body: text });
}

const base = (ref: string, name = 'a') => `{"name": ${JSON.stringify(name)}, "status": "active", "price": "1.00", "external_ref": ${ref}}`;

describe('engine: a uuid sent as a JSON number', () => {
  it.each(['5.0', '5.5', '1e3', '1E3', '1.0e1', '-0.0', '0.0'])('written %s (a float to Python) is "Must be a valid UUID."', async (ref) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const before = (await mock.getJson(LIST)).count;
    const res = await post(mock, base(ref));
    expect([res.status, await json(res)]).toEqual([400, { external_ref: ['Must be a valid UUID.'] }]);
    expect((await mock.getJson(LIST)).count).toBe(before);
  });

  it('written as an integer is still uuid.UUID(int=), beside floats and look-alike text', async () => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await post(mock, `{"weight": 5.0, "name": "1.5e3 \\"5.0", "status": "active", "price": "1.00", "external_ref": 1000}`);
    expect(res.status, await res.clone().text()).toBe(201);
    const made = await json(res);
    expect([made.external_ref, made.weight, made.name]).toEqual(['00000000-0000-0000-0000-0000000003e8', 5, '1.5e3 "5.0']);
  });

  it('written as a float is refused under PATCH too, and nothing is stored', async () => {
    const mock = await createTestMock({ spec: [withPatch()] });
    const made = await json(await post(mock, base('7')));
    expect(made.external_ref).toBe('00000000-0000-0000-0000-000000000007');
    for (const [method, text] of [['PATCH', '{"external_ref": 8e0}'], ['PATCH', '{"external_ref": 8.0}']] as const) {
      const res = await post(mock, text, method, `${LIST}${made.id}/`);
      expect([method, res.status, await json(res)]).toEqual([method, 400, { external_ref: ['Must be a valid UUID.'] }]);
    }
    expect((await mock.getJson(`${LIST}${made.id}/`)).external_ref).toBe('00000000-0000-0000-0000-000000000007');
  });
});
