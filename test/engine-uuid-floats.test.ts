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

/** uuid fields nested in an object, a list, a list of objects and a dict. */
const NESTED_DOC = `openapi: 3.0.3
info: {title: nested uuids, version: 1.0.0}
security: [{Token: []}]
paths:
  /api/v1/widgets/:
    get:
      operationId: listWidgets
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        '200':
          description: A page
          content:
            application/json:
              schema:
                type: object
                required: [count, next, previous, results]
                properties:
                  count: {type: integer}
                  next: {type: string, nullable: true}
                  previous: {type: string, nullable: true}
                  results: {type: array, items: {$ref: '#/components/schemas/Widget'}}
    post:
      operationId: createWidget
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
      responses:
        '201': {description: Created, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
components:
  securitySchemes: {Token: {type: apiKey, in: header, name: Authorization}}
  schemas:
    Widget:
      title: Widget
      type: object
      required: [id, name]
      properties:
        id: {type: integer, readOnly: true}
        uuid: {type: string, format: uuid, readOnly: true}
        name: {type: string}
        owner: {type: object, nullable: true, properties: {ref: {type: string, format: uuid}}}
        refs: {type: array, items: {type: string, format: uuid}}
        items: {type: array, items: {type: object, properties: {ref: {type: string, format: uuid}}}}
        map: {type: object, additionalProperties: {type: string, format: uuid}}
`;

describe('engine: a uuid sent as neither text nor a number', () => {
  it.each(['{}', '[]', '{"a": 1}', '["x"]'])('%s is "Must be a valid UUID.", as DRF\'s UUIDField', async (ref) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await post(mock, base(ref));
    expect([res.status, await json(res)]).toEqual([400, { external_ref: ['Must be a valid UUID.'] }]);
  });
});

describe('engine: a uuid sent as a JSON number, beside escaped text', () => {
  it.each([
    ['{"name": "x\\\\", "status": "active", "price": "1.00", "external_ref": 5.0}', 400],
    ['{"name": "x\\\\\\"1.5\\\\", "status": "active", "price": "1.00", "external_ref": 5.0}', 400],
    ['{"name": "x\\\\", "status": "active", "price": "1.00", "external_ref": 5}', 201],
    ['{"name": "-1.5e3", "status": "active", "price": "1.00", "weight": -2.5E-3, "external_ref": -0}', 201],
  ])('%s answers %i', async (text, status) => {
    const mock = await createTestMock({ spec: [STOCK] });
    const res = await post(mock, text);
    expect(res.status, await res.clone().text()).toBe(status);
  });
});

describe('engine: a nested uuid sent as a JSON number', () => {
  it('is refused as a float inside a nested object, a list, a list of objects and a dict', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'engine-uuid-floats-')), 'widgets.openapi.yaml');
    writeFileSync(file, NESTED_DOC);
    const mock = await createTestMock({ spec: [file] });
    const cases: Array<[string, unknown]> = [
      ['{"name":"a","owner":{"ref":5.0}}', { owner: { ref: ['Must be a valid UUID.'] } }],
      ['{"name":"a","refs":[1,2.0]}', { refs: { 1: ['Must be a valid UUID.'] } }],
      ['{"name":"a","items":[{"ref":1},{"ref":1e1}]}', { items: [{}, { ref: ['Must be a valid UUID.'] }] }],
      ['{"name":"a","map":{"k":3.0}}', { map: { k: ['Must be a valid UUID.'] } }],
    ];
    for (const [text, errors] of cases) {
      const res = await post(mock, text, 'POST', '/api/v1/widgets/');
      expect([res.status, await json(res)], text).toEqual([400, errors]);
    }
    const res = await post(mock, '{"name":"a","owner":{"ref":1},"refs":[2],"items":[{"ref":3}],"map":{"k":4}}', 'POST', '/api/v1/widgets/');
    expect(res.status, await res.clone().text()).toBe(201);
    const made = await json(res);
    expect([made.owner.ref, made.refs[0], made.items[0].ref, made.map.k]).toEqual([
      '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002',
      '00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000004',
    ]);
  });
});
