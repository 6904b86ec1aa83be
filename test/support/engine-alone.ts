import { Hono } from 'hono';
import { createFixedClock } from '../../src/common/clock.ts';
import { testConfig } from '../../src/config.ts';
import { createEventBus } from '../../src/domain/events/event-bus.ts';
import { engineRoutes } from '../../src/engine/engine-routes.ts';
import { planEngine } from '../../src/engine/resource-plan.ts';
import { seedEngineCollections } from '../../src/engine/seed-collections.ts';
import type { AppEnv } from '../../src/http/env.ts';
import { createOperationGate } from '../../src/http/operation-gate.ts';
import { createTokenTable } from '../../src/http/tokens.ts';
import { silentLogger } from '../../src/logger.ts';
import { seedStore } from '../../src/seed/seed-store.ts';
import { loadSpecs, prepareForEngine, type LoadedSpecs } from '../../src/spec/load-specs.ts';
import { createResponseChecker, type ResponseChecker } from '../../src/spec/response-checker.ts';
import { loadUnroutedSchema } from '../../src/spec/unrouted-schema.ts';
import { createStore } from '../../src/store/store.ts';

/** The token the engine-alone app accepts: `Authorization: Token t`. */
export const ENGINE_AUTH = { Authorization: 'Token t' };

/**
 * The documents of `dir` served by the resource engine alone (no domain routes, seed 1, size 20),
 * prepared as the mock prepares any document, with a response checker over them: for tests of
 * what the engine makes of an unmodified vendor block.
 */
export async function engineAlone(dir: string): Promise<{ specs: LoadedSpecs; checker: ResponseChecker; app: Hono<AppEnv> }> {
  const specs = prepareForEngine(await loadSpecs(dir));
  const checker = createResponseChecker(specs, await loadUnroutedSchema(testConfig().specDir));
  const actions = planEngine(specs, new Set());
  const store = createStore();
  seedStore(store, { seed: 1, size: 20 });
  seedEngineCollections(store, actions, { seed: 1, size: 20 });
  const config = testConfig({ token: 't' });
  const gate = createOperationGate(specs.operations, createTokenTable(config));
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('store', store);
    await next();
  });
  app.route('/', engineRoutes({ storeFor: () => store, clock: createFixedClock('2026-01-01T00:00:00Z'), config, logger: silentLogger, gate, events: createEventBus() }, actions));
  return { specs, checker, app };
}
