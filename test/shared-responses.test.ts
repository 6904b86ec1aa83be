import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestMock, json } from './support/test-mock.ts';

/**
 * A document may share one `responses` map between operations (a YAML alias). The statuses the
 * mock adds were written into that map in place, so a custom action sharing its create's
 * responses listed the create's 507, which the action never answers (it stores nothing).
 */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const LIST = '/api/v1/stock_lists/';
const SEAL = '/api/v1/stock_lists/{id}/seal/';

/** The stock-lists document with a `seal` action whose responses are the create's, by alias. */
function aliased(): string {
  const text = readFileSync(STOCK, 'utf8')
    .replace("      operationId: createStockList\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/StockList'}\n      responses:\n",
      "      operationId: createStockList\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/StockList'}\n      responses: &made\n")
    .replace('components:\n',
      `  ${SEAL}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: integer}}\n` +
      "    post:\n      operationId: sealStockList\n      responses: *made\n" +
      'components:\n');
  expect(text).toContain('*made');
  const file = join(mkdtempSync(join(tmpdir(), 'shared-responses-')), 'stock-lists.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

describe('operations sharing one responses map', () => {
  it("lists 507 on the create that spends the write budget and not on the action sharing its responses", async () => {
    const mock = await createTestMock({ spec: [aliased()] });
    const doc = await mock.getJson('/docs/openapi.json');
    expect(Object.keys(doc.paths[LIST].post.responses)).toContain('507');
    expect(Object.keys(doc.paths[SEAL].post.responses)).not.toContain('507');
    expect(Object.keys(doc.paths[SEAL].post.responses)).toContain('201');
    // And the action, with the budget full, answers its documented success, as the document says.
    mock.admin.state.writeBudget.limit = mock.admin.state.writeBudget.spent();
    const { results } = await mock.getJson(LIST);
    const sealed = await mock.postJson(SEAL.replace('{id}', String(results[0].id)), {});
    expect(sealed.status).toBe(201);
    expect(await json(sealed)).toBeTypeOf('object');
  });
});
