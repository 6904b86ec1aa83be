import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WIDGETS } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * Reset, reseed and import answer what the state holds: the domain's counts, then each engine
 * collection's rows by name. An engine collection named as a domain count (`plans`) was left out;
 * it is listed as `engine:plans`, and the domain's `plans` stays the domain's.
 */
function widgetsNamed(name: string): string {
  const spec = join(mkdtempSync(join(tmpdir(), 'engine-counts-')), 'widgets.openapi.yaml');
  writeFileSync(spec, readFileSync(WIDGETS, 'utf8').replace('      title: Widget\n', `      title: Widget\n      x-mock-collection: ${name}\n`));
  return spec;
}

describe('an engine collection named like a domain count', () => {
  it('is counted beside the domain\'s in reset, reseed and import answers', async () => {
    const mock = await createTestMock({ spec: [widgetsNamed('plans')] });
    const widgets = (await mock.getJson('/api/v1/widgets/')).count as number;
    expect(widgets).toBeGreaterThan(0);
    const reset = await json(await mock.request('/__mock/reset', { method: 'POST' }));
    expect([reset.counts.plans, reset.counts['engine:plans']]).toEqual([mock.store.plans.size, widgets]);

    const made = await mock.request('/api/v1/widgets/', { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'n', status: 'draft', priority: 1, channel: 1 }) });
    expect(made.status).toBe(201);
    const exported = await (await mock.request('/__mock/state')).text();
    const imported = await json(await mock.request('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: exported }));
    expect([imported.counts.plans, imported.counts['engine:plans']]).toEqual([mock.store.plans.size, widgets + 1]);

    const reseeded = await json(await mock.request('/__mock/reseed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: 3, size: 40 }) }));
    expect(reseeded.counts.plans).toBe(mock.store.plans.size);
    expect(reseeded.counts['engine:plans']).toBeGreaterThan(0);
  });
});
