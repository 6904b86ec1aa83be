import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WIDGETS } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';

/**
 * Reset, reseed and import answer what the state holds: the domain's counts, then each engine
 * collection's rows by name. An engine collection named as a domain count (`plans`) was left out;
 * it is listed as `engine:plans`, and the domain's `plans` stays the domain's; a collection whose
 * name starts with `engine:` is prefixed too, so no two collections meet under one key.
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

  it('keeps each key to one collection: one named engine:plans beside one named plans is engine:engine:plans', async () => {
    const mock = await createTestMock({ spec: [WIDGETS], size: 10 });
    const lines = (await (await mock.request('/__mock/state')).text()).trim().split('\n');
    const rows = lines.filter((l) => l.includes('"engineRows"')).length;
    expect(rows).toBeGreaterThan(1);
    // One widget row moved to a collection named `engine:plans`, the others to `plans` (string
    // identities: a number would meet the widgets' sequence).
    let i = 0;
    const renamed = lines.map((l) => {
      if (!l.includes('"engineRows"')) return l;
      const record = JSON.parse(l);
      record.v.c = i++ === 0 ? 'engine:plans' : 'plans';
      record.v.k = `s${record.v.k}`;
      record.k = `${record.v.c}\u0000${record.v.k}`;
      return JSON.stringify(record);
    });
    const res = await mock.request('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: `${renamed.join('\n')}\n` });
    expect(res.status).toBe(200);
    const { counts } = await json(res);
    expect([counts.plans, counts['engine:plans'], counts['engine:engine:plans']]).toEqual([mock.store.plans.size, rows - 1, 1]);
  });
});
