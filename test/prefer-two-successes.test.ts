import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * `Prefer: code=N` answers N (README, ADR 0007): a 2xx without a documented example is left to the
 * handler, whose live data is the best example — but only when N is the status the handler
 * answers (an operation's lowest documented 2xx). On an operation that documents two, the other
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
