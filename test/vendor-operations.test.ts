import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_OPERATIONS, servedOperations } from '../src/spec/served-operations.ts';
import type { Operation } from '../src/spec/load-specs.ts';
import { AUTH, createTestMock, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * `docs/vendor-operations.md` lists every operation the vendor's pages name (issue 21). Each row
 * must be an operation the mock serves at that method and path, documenting exactly those
 * statuses; and a call to it (unknown ids, empty body) must answer one of them.
 */
interface Row { method: string; path: string; statuses: string[]; source: string; servedBy: string; operationId: string }

const rows: Row[] = readFileSync(fileURLToPath(new URL('../docs/vendor-operations.md', import.meta.url)), 'utf8')
  .split('\n')
  .filter((line) => /^\| (GET|POST|PUT|PATCH|DELETE) \|/.test(line))
  .map((line) => {
    const [method, path, statuses, source, servedBy, operationId] = line.split('|').slice(1, -1).map((c) => c.trim());
    return { method: method!, path: path!.replace(/`/g, ''), statuses: statuses!.split(', '), source: source!, servedBy: servedBy!, operationId: operationId! };
  });

let served: Operation[];
let mock: TestMock;
beforeAll(async () => {
  served = servedOperations((await sharedSpecs()).specs);
  mock = await createTestMock({ size: 5 });
}, 60_000);

describe('docs/vendor-operations.md', () => {
  it('lists the vendor pages of issue 21, one row per operation', () => {
    expect(rows.length).toBeGreaterThan(40);
    for (const page of ['cancellation-requests', 'cancellationplan', 'cancellation-reasons', 'saleschannelcancellationreasons',
      'saleschannelcancellationrequests', 'saleschannelcancellationplans', 'saleschannelcancellationrequestimage',
      'integration/order/get-orders', 'search-order', 'get-order-detail-by-order-number', 'integration/order/get-order-item-detail']) {
      expect(rows.some((r) => r.source.includes(page)), page).toBe(true);
    }
    expect(new Set(rows.map((r) => r.operationId)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [`${r.method} ${r.path}`, r] as const))('serves %s as listed', async (_name, row) => {
    const op = served.find((o) => o.operationId === row.operationId);
    expect(op, `${row.operationId} is served`).toBeDefined();
    expect(`${op!.method} ${op!.path}`).toBe(`${row.method} ${row.path}`);
    expect(Object.keys(op!.responses)).toEqual(row.statuses);
    expect(row.servedBy, 'served by').toBe(DOMAIN_OPERATIONS.has(row.operationId) ? 'domain' : 'engine');
    const path = row.path.replace(/\{channel_id\}/g, '1').replace(/\{file\}/g, '0.png').replace(/\{id\}/g, '0');
    const hasBody = !['GET', 'DELETE'].includes(row.method);
    const res = await mock.request(path, {
      method: row.method,
      headers: { ...AUTH, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
      ...(hasBody ? { body: '{}' } : {}),
    });
    expect(row.statuses, `${row.method} ${path} answered ${res.status}`).toContain(String(res.status));
  });
});
