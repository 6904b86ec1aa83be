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
import { createResponseChecker } from '../src/spec/response-checker.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { loadUnroutedSchema } from '../src/spec/unrouted-schema.ts';
import { AUTH, json, TEST_NOW, TOKEN } from './support/test-mock.ts';

/**
 * The write budget's 507 was documented only by `buildMock`: an app wired by hand (`createAdmin`
 * + `createApp`, as an embedding does) served a `--spec` document without it, and under
 * `--strict` a full budget's POST answered 500 "status 507 is not documented". `createApp`
 * documents it where its engine spends the budget, as `buildMock` does.
 */
const STOCK = fileURLToPath(new URL('./fixtures/engine/stock-lists.openapi.yaml', import.meta.url));
const LIST = '/api/v1/stock_lists/';

async function wiredByHand() {
  const config = testConfig({ token: TOKEN, size: 20, strict: true });
  const specs = prepareForEngine(await loadSpecs(config.specDir, [STOCK]));
  const engine = planEngine(specs);
  const { store, clock, state, stateFile } = await openState(config, {
    logger: silentLogger,
    clock: createFixedClock(TEST_NOW),
    seedMore: (base, params) => seedEngineCollections(base, engine, params),
  });
  const admin = createAdmin({ config, logger: silentLogger, clock, state, stateFile, spec: await loadAdminSpec(), operations: servedOperations(specs) });
  const checker = createResponseChecker(specs, await loadUnroutedSchema(config.specDir), { eager: false });
  const app = createApp({ store, storeFor: admin.storeFor, clock, config, logger: silentLogger, specs, checker, admin });
  return { app, state };
}

describe('write budget on an app wired without buildMock', () => {
  it('documents 507 on the engine create and answers it under --strict when the budget is full', async () => {
    const { app, state } = await wiredByHand();
    const doc = await json(await app.request('/docs/openapi.json', { headers: AUTH }));
    expect(Object.keys(doc.paths[LIST].post.responses)).toContain('507');
    state.writeBudget.limit = state.writeBudget.spent();
    const res = await app.request(LIST, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Depo', status: 'active', price: '1.00' }),
    });
    expect(res.status).toBe(507);
    expect((await json(res)).code).toBe('insufficient_storage');
  });
});
