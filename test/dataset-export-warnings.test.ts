import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { exportDataset } from '../src/cli/dataset.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

const WIDGETS = fileURLToPath(new URL('./fixtures/engine/widgets.openapi.yaml', import.meta.url));

/** Exports `mock` as `omnitron-mock dataset export` does, keeping what it warns. */
async function exportWarnings(mock: TestMock): Promise<string[]> {
  const warnings: string[] = [];
  await exportDataset({
    url: 'http://mock.test',
    token: 'test-token',
    fetch: async (url, init) => mock.app.request(url.replace('http://mock.test', ''), init),
    warn: (line) => warnings.push(line),
  });
  return warnings;
}

describe('dataset export: what a dataset cannot say is named, not dropped in silence', () => {
  it('warns nothing for a state the seed alone makes, or one with new objects only', async () => {
    const mock = await createTestMock({ size: 30 });
    expect(await exportWarnings(mock)).toEqual([]);
    const fixture = await mock.request('/__mock/fixtures', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'request', status: 'waiting' }) });
    expect(fixture.status).toBe(201);
    expect(await exportWarnings(mock)).toEqual([]);
  });

  it('names a seeded plan moved, a seeded request edited and tagged, and generic rows', async () => {
    const mock = await createTestMock({ size: 30, spec: [WIDGETS] });
    const waiting = (await mock.getJson('/api/v1/cancellation_plans/?status=waiting&limit=1')).results[0].pk;
    expect((await mock.postJson(`/api/v1/cancellation_plans/${waiting}/update_status/`, { status: 'cancelled' })).status).toBe(200);
    const [first, second] = (await mock.getJson('/api/v1/cancellation_requests/?limit=2')).results.map((r: any) => r.id);
    expect((await mock.postJson(`/api/v1/cancellation_requests/${first}/add_tag/`, { key: 'qa-story' })).status).toBe(204);
    const edit = await mock.request(`/api/v1/cancellation_requests/${second}/`, {
      method: 'PATCH', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ description: 'edited in QA' }),
    });
    expect(edit.status).toBe(200);
    const [line, generic] = await exportWarnings(mock);
    expect(line).toContain(`plan ${waiting}`);
    expect(line).toContain(`request ${first} (tags)`);
    expect(line).toContain(`request ${second}`);
    expect(generic).toMatch(/^not written: \d+ rows of generic collections/);
  });

  it('calls the generic rows of a fresh mock serving --spec no changes', async () => {
    const mock = await createTestMock({ size: 30, spec: [WIDGETS] });
    const warnings = await exportWarnings(mock);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^not written: \d+ rows of generic collections \(a dataset holds the cancellation family/);
    expect(warnings[0]).not.toMatch(/changes/);
  });
});
