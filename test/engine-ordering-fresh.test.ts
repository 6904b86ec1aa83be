import { describe, expect, it } from 'vitest';
import { AUTH, json, type TestMock } from './support/test-mock.ts';
import { widgetMock } from './support/engine-fixture.ts';

/**
 * An engine list in one `ordering` is sorted once and kept until the next write (issue 26): these
 * cases page through one ordering, write, and read again — the order must follow every write, in
 * the shared state and in a session.
 */
const WRITE = { ...AUTH, 'Content-Type': 'application/json' };

const names = async (mock: TestMock, query: string, headers: Record<string, string> = {}): Promise<string[]> => {
  const res = await mock.request(`/api/v1/widgets/?${query}`, { headers: { ...AUTH, ...headers } });
  expect(res.status).toBe(200);
  return ((await json(res)) as any).results.map((w: any) => w.name);
};

const rename = async (mock: TestMock, pk: number, name: string, headers: Record<string, string> = {}) => {
  const res = await mock.request(`/api/v1/widgets/${pk}/`, { method: 'PATCH', headers: { ...WRITE, ...headers }, body: JSON.stringify({ name }) });
  expect(res.status).toBe(200);
};

describe('engine list ordering after writes', () => {
  it('pages one ordering, then shows a renamed, a created and a deleted widget in place', async () => {
    const mock = await widgetMock();
    const all = ((await mock.getJson('/api/v1/widgets/?limit=1000&ordering=name')).results as any[]);
    const sorted = all.map((w) => w.name);
    expect(await names(mock, 'limit=3&page=1&ordering=name')).toEqual(sorted.slice(0, 3));
    expect(await names(mock, 'limit=3&page=2&ordering=name')).toEqual(sorted.slice(3, 6));
    const last = all[all.length - 1];
    await rename(mock, last.pk, '!first');
    expect(await names(mock, 'limit=3&page=1&ordering=name')).toEqual(['!first', ...sorted.slice(0, 2)]);
    const created = await mock.request('/api/v1/widgets/', { method: 'POST', headers: WRITE, body: JSON.stringify({ name: '!!zero', status: 'draft', priority: 0, channel: 1 }) });
    expect(created.status).toBe(201);
    expect(await names(mock, 'limit=3&page=1&ordering=name')).toEqual(['!!zero', '!first', sorted[0]]);
    const del = await mock.request(`/api/v1/widgets/${last.pk}/`, { method: 'DELETE', headers: AUTH });
    expect(del.status).toBe(204);
    expect(await names(mock, 'limit=2&page=1&ordering=name')).toEqual(['!!zero', sorted[0]]);
  });

  it('keeps a session\'s order apart from the shared one, and follows writes to either', async () => {
    const mock = await widgetMock();
    const session = { 'X-Mock-Session': 'ordering-a' };
    const first = (await mock.getJson('/api/v1/widgets/?limit=1&ordering=name')).results[0];
    expect(await names(mock, 'limit=1&ordering=name', session)).toEqual([first.name]);
    const other = ((await mock.getJson('/api/v1/widgets/?limit=1000&ordering=name')).results as any[]).at(-1);
    await rename(mock, other.pk, '!session', session);
    expect(await names(mock, 'limit=1&ordering=name', session)).toEqual(['!session']);
    expect(await names(mock, 'limit=1&ordering=name')).toEqual([first.name]);
    await rename(mock, other.pk, '!shared');
    expect(await names(mock, 'limit=1&ordering=name')).toEqual(['!shared']);
    expect(await names(mock, 'limit=1&ordering=name', session)).toEqual(['!session']);
  });

  it('follows a reset and a reseed, which swap the whole state without a write (review of issue 26)', async () => {
    const mock = await widgetMock();
    const first = (await mock.getJson('/api/v1/widgets/?limit=1&ordering=name')).results[0].name;
    const last = ((await mock.getJson('/api/v1/widgets/?limit=1000&ordering=name')).results as any[]).at(-1);
    await rename(mock, last.pk, '!renamed');
    expect(await names(mock, 'limit=1&ordering=name')).toEqual(['!renamed']);
    const reset = await mock.request('/__mock/reset', { method: 'POST', headers: AUTH });
    expect(reset.status).toBe(200);
    expect(await names(mock, 'limit=1&ordering=name')).toEqual([first]);
    const reseed = await mock.request('/__mock/reseed', { method: 'POST', headers: WRITE, body: JSON.stringify({ seed: 9, size: 5 }) });
    expect(reseed.status).toBe(200);
    // The same widgets, whatever their order: the reseeded ones, not the seed before it.
    const unordered = ((await mock.getJson('/api/v1/widgets/?limit=1000')).results as any[]).map((w) => w.name);
    const ordered = await names(mock, 'limit=1000&ordering=name');
    expect(ordered.slice().sort()).toEqual(unordered.slice().sort());
  });
});
