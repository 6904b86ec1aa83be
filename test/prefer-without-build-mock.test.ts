import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAdmin } from '../src/admin/admin.ts';
import { loadAdminSpec } from '../src/admin/admin-spec.ts';
import { createApp } from '../src/app.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { testConfig } from '../src/config.ts';
import { planEngine } from '../src/engine/resource-plan.ts';
import { seedEngineCollections } from '../src/engine/seed-collections.ts';
import { silentLogger } from '../src/logger.ts';
import { openState } from '../src/persist/open-state.ts';
import { loadSpecs, prepareForEngine } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { AUTH, json, TEST_NOW, TOKEN } from './support/test-mock.ts';

/**
 * `Prefer: code=N` with no documented example is passed to the handler only when N is the status
 * the handler answers (`test/prefer-two-successes.test.ts`). An app wired without `buildMock` —
 * `createAdmin` handed the served operations, `createApp` given that admin, as an embedding
 * would — compared with the lowest documented 2xx instead, so on a DELETE documenting 200 and 204
 * it passed `code=200` on and deleted the object with a 204. The admin now plans the handler
 * statuses from the operations it is given, as `createApp` plans its routes.
 */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const LIST = '/api/v1/stock_lists/';

/** The stock-lists document with a DELETE documenting 200 (no example) and 204. */
function destroyTwo(): string {
  const text = readFileSync(STOCK, 'utf8').replace(
    'components:\n',
    "    delete:\n      operationId: destroyStockList\n      responses:\n" +
      "        '200':\n          description: Deleted, with the object\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/StockList'}\n" +
      "        '204':\n          description: Deleted\n" +
      'components:\n',
  );
  const file = join(mkdtempSync(join(tmpdir(), 'prefer-alone-')), 'stock-lists.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

/** The app as an embedding wires it by hand: state, admin and app, no `buildMock`. */
async function wiredByHand() {
  const config = testConfig({ token: TOKEN, size: 20 });
  const specs = prepareForEngine(await loadSpecs(config.specDir, [destroyTwo()]));
  const engine = planEngine(specs);
  const { store, clock, state, stateFile } = await openState(config, {
    logger: silentLogger,
    clock: createFixedClock(TEST_NOW),
    seedMore: (base, params) => seedEngineCollections(base, engine, params),
  });
  const admin = createAdmin({ config, logger: silentLogger, clock, state, stateFile, spec: await loadAdminSpec(), operations: servedOperations(specs) });
  return createApp({ store, storeFor: admin.storeFor, clock, config, logger: silentLogger, specs, admin });
}

describe('Prefer: code= on an app wired without buildMock', () => {
  it("passes the engine DELETE's own 204 and refuses 200 before anything is deleted, as buildMock's app does", async () => {
    const app = await wiredByHand();
    const list = async () => json(await app.request(LIST, { headers: AUTH }));
    const { count, results } = await list();
    const destroy = (id: number, prefer: string) => app.request(`${LIST}${id}/`, { method: 'DELETE', headers: { ...AUTH, Prefer: prefer } });
    const other = await destroy(results[0].id, 'code=200');
    expect(other.status).toBe(400);
    expect(await json(other)).toEqual({
      detail: 'Prefer: code=200: destroyStockList answers 204 here, and documents no example for 200 (name one with Prefer: example=…, or add one).',
      code: 'invalid_prefer',
    });
    expect((await list()).count).toBe(count);
    const own = await destroy(results[0].id, 'code=204');
    expect([own.status, own.headers.get('X-Mock-Fault')]).toEqual([204, null]);
    expect((await list()).count).toBe(count - 1);
  });
});
