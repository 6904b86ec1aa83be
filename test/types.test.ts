import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths, schemas } from 'omnitron-mock/types';
import { ADMIN_TYPES, adminTypes, generateTypes, TYPES_DIR } from '../scripts/generate-types.ts';
import { waitingPlans } from './examples/typed-client.ts';
import { createTestMock } from './support/test-mock.ts';
import { WIDGETS } from './support/engine-fixture.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const EXAMPLE = new URL('./examples/typed-client.ts', import.meta.url).pathname;

describe('generated types', () => {
  it('are what `npm run types` writes now (run it after changing a spec)', async () => {
    const fresh = await generateTypes();
    const committed = readdirSync(TYPES_DIR)
      .filter((f) => f.endsWith('.d.ts'))
      .sort();
    expect(committed, 'src/types/ holds exactly the generated files').toEqual(
      [...fresh.keys()].sort(),
    );
    for (const [name, text] of fresh) {
      expect(
        readFileSync(join(TYPES_DIR, name), 'utf8'),
        `src/types/${name} is stale: run npm run types`,
      ).toBe(text);
    }
  }, 120_000);

  it("include the admin API's, which createMock's calls are typed by (run npm run types after changing it)", async () => {
    expect(readFileSync(ADMIN_TYPES, 'utf8'), 'src/embed/admin-api.d.ts is stale: run npm run types').toBe(await adminTypes());
  }, 120_000);

  it('leave held-out operations out', async () => {
    const files = await generateTypes(undefined, { listCancellationPlanStatuses: 'a test' });
    const plans = files.get('cancellation-plans.d.ts')!;
    expect(plans).not.toContain('listCancellationPlanStatuses');
    expect(plans).not.toContain('"/api/v1/cancellation_plans/cancellation_plan_statuses/"');
    expect(plans).toContain('listCancellationPlans');
  }, 120_000);

  it('cover a document added with --spec, typed as the mock serves it', async () => {
    const files = await generateTypes(undefined, undefined, [WIDGETS]);
    // The built-in documents' files are unchanged; the extra one joins the index.
    expect(files.get('orders.d.ts')).toBe(readFileSync(join(TYPES_DIR, 'orders.d.ts'), 'utf8'));
    const widgets = files.get('widgets.d.ts')!;
    expect(widgets).toContain('// Source: widgets.openapi.yaml (as served)');
    expect(widgets).toContain('"/api/v1/widgets/{id}/": {');
    expect(widgets).toContain('get: operations["listWidgets"];');
    // The fixture documents no 400; the served copy adds DRF's error statuses (specs/CORRECTIONS.md).
    expect(widgets).toMatch(/createWidget: \{[\s\S]*?400: \{/);
    expect(files.get('index.d.ts')).toContain('& Widgets.paths;');
  }, 120_000);

  it('are exported by the package as omnitron-mock/types', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // A clone reads src/types/ (the omnitron-source condition); the package ships the same
    // files as dist/types/ (scripts/build-package.mjs copies them).
    expect(pkg.exports['./types']['omnitron-source']).toBe('./src/types/index.d.ts');
    expect(pkg.exports['./types'].types).toBe('./dist/types/index.d.ts');
    expect(pkg.scripts.types).toContain('scripts/generate-types.ts');
  });

  it('type a client: a wrong path, parameter or field does not compile', () => {
    // These lines are checked by `tsc` (npm test), not run: each @ts-expect-error must stay an error.
    const check = (client: ReturnType<typeof createClient<paths, 'application/json'>>) => {
      // @ts-expect-error no such path
      void client.GET('/api/v1/cancellation_planz/');
      // @ts-expect-error limit is a number
      void client.GET('/api/v1/cancellation_plans/', { params: { query: { limit: 'ten' } } });
      // @ts-expect-error update_status needs its path id
      void client.POST('/api/v1/cancellation_plans/{id}/update_status/', {
        body: { status: 'approved' },
      });
      const plan = {} as schemas['CancellationPlan'];
      // @ts-expect-error money is a decimal string
      const cents: number = plan.refund_amount;
      return cents;
    };
    expect(typeof check).toBe('function');
  });
});

describe('the README typed-client example', () => {
  it('is the same text as test/examples/typed-client.ts, which tsc checks', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = readFileSync(EXAMPLE, 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks, 'README has a ```ts block equal to test/examples/typed-client.ts').toContain(
      example,
    );
  });

  it('calls a running mock and gets typed data back', async () => {
    const mock = await createTestMock({ size: 60 });
    const server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const plans = await waitingPlans(`http://127.0.0.1:${port}`, mock.config.token);
      const waiting = [...mock.store.plans.values()].filter((p) => p.status === 'waiting');
      expect(plans.length).toBe(Math.min(5, waiting.length));
      expect(plans.length).toBeGreaterThan(0);
      for (const p of plans) {
        expect(mock.store.plans.get(p.pk)?.status).toBe('waiting');
        expect(p.refund).toMatch(/^\d+\.\d{2}$/);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
