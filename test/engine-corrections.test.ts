import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../src/common/clock.ts';
import { testConfig } from '../src/config.ts';
import { createEventBus } from '../src/domain/events/event-bus.ts';
import { engineRoutes } from '../src/engine/engine-routes.ts';
import { planEngine } from '../src/engine/resource-plan.ts';
import { seedEngineCollections } from '../src/engine/seed-collections.ts';
import type { AppEnv } from '../src/http/env.ts';
import { createOperationGate } from '../src/http/operation-gate.ts';
import { createTokenTable } from '../src/http/tokens.ts';
import { silentLogger } from '../src/logger.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import { loadSpecs, prepareForEngine } from '../src/spec/load-specs.ts';
import { createResponseChecker } from '../src/spec/response-checker.ts';
import { loadUnroutedSchema } from '../src/spec/unrouted-schema.ts';
import { ORDER_STATUS_CODES } from '../src/store/types.ts';
import { createStore } from '../src/store/store.ts';
import { specDir } from './support/spec-dir.ts';
import { vendorBlock } from './support/vendor-block.ts';

/** The unmodified "Retrieve Cancellation Plan" block served by the engine alone, and its checker (loaded once). */
let loaded: ReturnType<typeof load> | undefined;
const retrievePlanBlock = () => (loaded ??= load());

async function load() {
  const specs = prepareForEngine(await loadSpecs(specDir({ 'vendor.openapi.json': vendorBlock('Retrieve Cancellation Plan') })));
  const [op] = specs.operations;
  const checker = createResponseChecker(specs, await loadUnroutedSchema(testConfig().specDir));
  const actions = planEngine(specs, new Set());
  const store = createStore();
  seedStore(store, { seed: 1, size: 20 });
  seedEngineCollections(store, actions, { seed: 1, size: 20 });
  const config = testConfig({ token: 't' });
  const gate = createOperationGate(specs.operations, createTokenTable(config));
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => { c.set('store', store); await next(); });
  app.route('/', engineRoutes({ storeFor: () => store, clock: createFixedClock('2026-01-01T00:00:00Z'), config, logger: silentLogger, gate, events: createEventBus() }, actions));
  const plan = (await (await app.request('/api/v1/cancellation_plans/1/', { headers: { Authorization: 'Token t' } })).json()) as any;
  const check = (body: unknown) => checker.check(op!.operationId, { status: 200, contentType: 'application/json', body }).map((f) => `${f.path} ${f.message}`);
  return { plan, check };
}

describe('the corrections pass over an unmodified vendor block (specs/CORRECTIONS.md#any-document)', () => {
  it('serves order statuses as the codes payloads carry, not the names the vendor lists', async () => {
    const { plan, check } = await retrievePlanBlock();
    const codes: readonly string[] = ORDER_STATUS_CODES;
    expect(codes).toContain(plan.order_previous_status);
    const line = plan.cancellationplanorderitem_set[0];
    expect(codes).toContain(line.status);
    expect(codes).toContain(line.order_item.status);
    expect(check(plan)).toEqual([]);
    // A name where Omnitron sends a code is not what the document promises.
    expect(check({ ...plan, order_previous_status: 'approved' })).not.toEqual([]);
  });

  it('accepts null where the vendor writes nullable beside a $ref, on an enum and on a composed object', async () => {
    const { plan, check } = await retrievePlanBlock();
    const withItem = (item: Record<string, unknown>) => ({
      ...plan,
      cancellationplanorderitem_set: [{ ...plan.cancellationplanorderitem_set[0], order_item: { ...plan.cancellationplanorderitem_set[0].order_item, ...item } }],
    });
    // What a real Omnitron answer holds for an item not in cancellation (seed 003).
    expect(check(withItem({ cancel_status: null, shipping_company: null, datasource: null }))).toEqual([]);
    // Still an enum and still an object: a value outside them is refused.
    expect(check(withItem({ cancel_status: 'bogus' }))).not.toEqual([]);
    expect(check(withItem({ datasource: 'bogus' }))).not.toEqual([]);
  });
});
