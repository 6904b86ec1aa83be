import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * `Prefer: code=N` answers N (README, ADR 0007): a 2xx without a documented example is left to the
 * handler, whose live data is the best example — but only when N is the status the handler
 * answers (an engine destroy's 204, a retrieve's or update's 200, else the lowest documented 2xx).
 * On an operation that documents two, the other
 * one was passed on and answered with the handler's own status, the preference silently dropped
 * (and a create's write made). It is refused before the handler runs, as an undocumented code is.
 */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const LIST = '/api/v1/stock_lists/';
const BODY = { name: 'a', status: 'active', price: '1.00' };

/** The stock-lists document whose create documents 200 (the handler's own) and 201; 202 with an example. */
function twoSuccesses(): string {
  const text = readFileSync(STOCK, 'utf8').replace(
    "      responses:\n        '201':\n          description: Created\n",
    "      responses:\n        '202':\n          description: Accepted\n          content:\n            application/json:\n              example: {queued: true}\n" +
      "        '200':\n          description: Already there\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/StockList'}\n" +
      "        '201':\n          description: Created\n",
  );
  expect(text).toContain("'202'");
  const file = join(mkdtempSync(join(tmpdir(), 'prefer-two-')), 'stock-lists.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

function create(mock: TestMock, prefer: string): Promise<Response> {
  return mock.request(LIST, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json', Prefer: prefer }, body: JSON.stringify(BODY) });
}

describe('Prefer: code= on an operation that documents two 2xx answers', () => {
  it('refuses the one the handler does not answer, when it has no example, and writes nothing', async () => {
    const mock = await createTestMock({ spec: [twoSuccesses()] });
    const before = (await mock.getJson(LIST)).count;
    const res = await create(mock, 'code=201');
    expect(res.status).toBe(400);
    expect(res.headers.get('X-Mock-Fault')).toBe('injected');
    expect(await json(res)).toEqual({
      detail: 'Prefer: code=201: createStockList answers 200 here, and documents no example for 201 (name one with Prefer: example=…, or add one).',
      code: 'invalid_prefer',
    });
    expect((await mock.getJson(LIST)).count).toBe(before);
  });

  it('lets the handler answer its own, and answers a documented example for another', async () => {
    const mock = await createTestMock({ spec: [twoSuccesses()] });
    const before = (await mock.getJson(LIST)).count;
    const own = await create(mock, 'code=200');
    expect([own.status, (await json(own)).name]).toEqual([200, 'a']);
    const example = await create(mock, 'code=202');
    expect([example.status, await json(example)]).toEqual([202, { queued: true }]);
    expect((await mock.getJson(LIST)).count).toBe(before + 1);
  });
});

/**
 * The stock-lists document with a DELETE documenting 200 (the deleted object) and 204, as some
 * hand-written documents do; `example` gives the 200 a documented example.
 */
function destroyTwo(example = false): string {
  const text = readFileSync(STOCK, 'utf8').replace(
    'components:\n',
    "    delete:\n      operationId: destroyStockList\n      responses:\n" +
      "        '200':\n          description: Deleted, with the object\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/StockList'}\n" +
      (example ? "              example: {id: 0, name: gone, status: active, price: '1.00'}\n" : '') +
      "        '204':\n          description: Deleted\n" +
      'components:\n',
  );
  expect(text).toContain('destroyStockList');
  const file = join(mkdtempSync(join(tmpdir(), 'prefer-destroy-')), 'stock-lists.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

function destroy(mock: TestMock, id: number, prefer: string): Promise<Response> {
  return mock.request(`${LIST}${id}/`, { method: 'DELETE', headers: { ...AUTH, Prefer: prefer } });
}

describe('Prefer: code= on an engine DELETE documenting 200 and 204', () => {
  it("passes the handler's own 204, and refuses 200 (no example) before anything is deleted", async () => {
    const mock = await createTestMock({ spec: [destroyTwo()] });
    const { count, results } = await mock.getJson(LIST);
    const own = await destroy(mock, results[0].id, 'code=204');
    expect([own.status, own.headers.get('X-Mock-Fault')]).toEqual([204, null]);
    const other = await destroy(mock, results[1].id, 'code=200');
    expect(other.status).toBe(400);
    expect(await json(other)).toEqual({
      detail: 'Prefer: code=200: destroyStockList answers 204 here, and documents no example for 200 (name one with Prefer: example=…, or add one).',
      code: 'invalid_prefer',
    });
    expect((await mock.getJson(LIST)).count).toBe(count - 1);
    expect((await mock.request(`${LIST}${results[1].id}/`, { headers: AUTH })).status).toBe(200);
  });

  it("answers 200's documented example without deleting: Prefer forces an answer, the handler never runs", async () => {
    const mock = await createTestMock({ spec: [destroyTwo(true)] });
    const { count, results } = await mock.getJson(LIST);
    const res = await destroy(mock, results[0].id, 'code=200');
    expect([res.status, res.headers.get('X-Mock-Fault'), (await json(res)).name]).toEqual([200, 'injected', 'gone']);
    expect((await mock.getJson(LIST)).count).toBe(count);
  });

  it('follows a reload of the documents (--watch): the new DELETE passes 204 and refuses 200', async () => {
    const mock = await createTestMock({ spec: [STOCK] });
    await mock.reload((await sharedSpecs([destroyTwo()])).specs);
    const { count, results } = await mock.getJson(LIST);
    expect((await destroy(mock, results[0].id, 'code=204')).status).toBe(204);
    expect((await destroy(mock, results[1].id, 'code=200')).status).toBe(400);
    expect((await mock.getJson(LIST)).count).toBe(count - 1);
  });
});
