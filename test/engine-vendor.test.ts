import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpecs, prepareForEngine } from '../src/spec/load-specs.ts';
import { engineAlone, ENGINE_AUTH } from './support/engine-alone.ts';
import { WIDGETS } from './support/engine-fixture.ts';
import { specDir } from './support/spec-dir.ts';
import { vendorBlock } from './support/vendor-block.ts';

describe('engine: a vendor fragment loads and is served as it is', () => {
  it(
    'serves the unmodified "List Cancellation Plans" block: derived operationId, added DRF statuses, schema-valid page',
    async () => {
      const dir = specDir({ 'vendor.openapi.json': vendorBlock('List Cancellation Plans') });
      const { specs, checker, app } = await engineAlone(dir);
      const [op] = specs.operations;
      expect(op!.operationId).toBe('getApiV1CancellationPlans');
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['400', '403', '404', '405', '415']));
      for (const path of ['/api/v1/cancellation_plans/?limit=2', '/api/v1/cancellation_plans/?page=99']) {
        const res = await app.request(path, { headers: ENGINE_AUTH });
        const body = (await res.json()) as any;
        const findings = checker.check(op!.operationId, { status: res.status, contentType: res.headers.get("content-type"), body });
        expect(findings.map((f) => `${f.path} ${f.message}`).slice(0, 8)).toEqual([]);
        if (res.status === 200) expect(body.results).toHaveLength(2);
        else expect(res.status).toBe(404);
      }
      // The project's corrections apply: the vendor's `type: number` money is a decimal string.
      const page = (await (await app.request('/api/v1/cancellation_plans/', { headers: ENGINE_AUTH })).json()) as any;
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
