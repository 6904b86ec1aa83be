import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
import { createStore } from '../src/store/store.ts';
import { WIDGETS } from './support/engine-fixture.ts';
import { specDir } from './support/spec-dir.ts';

/** The seeds' vendor text, kept verbatim in the repository (specs/vendor/README.md). */
const SEEDS = fileURLToPath(new URL('../specs/vendor/', import.meta.url));

/** The vendor's published block under `heading` in seed 002, byte for byte. */
function vendorBlock(heading: string): string {
  const file = readdirSync(SEEDS).find((f) => f.startsWith('002_'))!;
  const text = readFileSync(`${SEEDS}/${file}`, 'utf8');
  const at = text.indexOf(`## ${heading}`);
  const start = text.indexOf('```json\n', at) + '```json\n'.length;
  return text.slice(start, text.indexOf('\n```', start));
}

describe('engine: a vendor fragment loads and is served as it is', () => {
  it(
    'serves the unmodified "List Cancellation Plans" block: derived operationId, added DRF statuses, schema-valid page',
    async () => {
      const dir = specDir({ 'vendor.openapi.json': vendorBlock('List Cancellation Plans') });
      const specs = prepareForEngine(await loadSpecs(dir));
      const [op] = specs.operations;
      expect(op!.operationId).toBe('getApiV1CancellationPlans');
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['400', '403', '404', '405', '415']));
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
      for (const path of ['/api/v1/cancellation_plans/?limit=2', '/api/v1/cancellation_plans/?page=99']) {
        const res = await app.request(path, { headers: { Authorization: 'Token t' } });
        const body = (await res.json()) as any;
        const findings = checker.check(op!.operationId, { status: res.status, contentType: res.headers.get("content-type"), body });
        expect(findings.map((f) => `${f.path} ${f.message}`).slice(0, 8)).toEqual([]);
        if (res.status === 200) expect(body.results).toHaveLength(2);
        else expect(res.status).toBe(404);
      }
      // The project's corrections apply: the vendor's `type: number` money is a decimal string.
      const page = (await (await app.request('/api/v1/cancellation_plans/', { headers: { Authorization: 'Token t' } })).json()) as any;
      const amounts = page.results.map((p: any) => p.refund_amount).filter((v: unknown) => v !== null && v !== undefined);
      expect(amounts.length).toBeGreaterThan(0);
      for (const a of amounts) expect(a).toMatch(/^-?\d+\.\d{2}$/);
    },
  );
});

describe('engine: the statuses added to an engine operation', () => {
  it("documents a write's 503 (the state file could not save it) on writes only", async () => {
    const dir = specDir({ 'widgets.openapi.yaml': readFileSync(WIDGETS, 'utf8') });
    const specs = prepareForEngine(await loadSpecs(dir));
    const writes = specs.operations.filter((o) => o.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    for (const op of writes) expect(Object.keys(op.responses), op.operationId).toContain('503');
    for (const op of specs.operations.filter((o) => o.method === 'GET'))
      expect(Object.keys(op.responses), op.operationId).not.toContain('503');
  });
});
