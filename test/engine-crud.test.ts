import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, READONLY_TOKEN, type TestMock } from './support/test-mock.ts';

/** A DRF CRUD resource, the same schema on a channel-scoped path, a custom action, an array list. */
export const WIDGETS = fileURLToPath(new URL('./fixtures/engine/widgets.openapi.yaml', import.meta.url));

export function widgetMock(overrides = {}): Promise<TestMock> {
  return createTestMock({ spec: [WIDGETS], ...overrides });
}

const send = (mock: TestMock, method: string, path: string, body?: unknown) =>
  mock.request(path, {
    method,
    headers: { ...AUTH, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const VALID = { name: 'Kırmızı vida', status: 'active', priority: 3, channel: 1 };

describe('engine: a DRF CRUD resource from a document with no handler', () => {
  it('starts and lists the seeded collection in a DRF page', async () => {
    const mock = await widgetMock();
    const page = await mock.getJson('/api/v1/widgets/');
    expect(page.count).toBeGreaterThanOrEqual(3);
    expect(page.results[0]).toHaveProperty('pk');
  });

  it('creates (201), retrieves, updates, partially updates and destroys (204, then 404)', async () => {
    const mock = await widgetMock();
    const created = await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, pk: 999, created_date: '2000-01-01T00:00:00Z' });
    expect(created.status).toBe(201);
    const w = await json(created);
    expect(w.pk).not.toBe(999);
    expect(w.created_date).toBe(w.modified_date);
    expect(w.created_date).not.toBe('2000-01-01T00:00:00Z');
    expect(w.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(w.order).toBe(100);
    expect(await mock.getJson(`/api/v1/widgets/${w.pk}/`)).toEqual(w);
    const put = await send(mock, 'PUT', `/api/v1/widgets/${w.pk}/`, { ...VALID, name: 'Mavi vida' });
    expect(put.status).toBe(200);
    expect((await json(put)).name).toBe('Mavi vida');
    const patch = await send(mock, 'PATCH', `/api/v1/widgets/${w.pk}/`, { priority: 9 });
    expect(await json(patch)).toMatchObject({ name: 'Mavi vida', priority: 9, pk: w.pk });
    expect((await send(mock, 'DELETE', `/api/v1/widgets/${w.pk}/`)).status).toBe(204);
    expect((await send(mock, 'GET', `/api/v1/widgets/${w.pk}/`)).status).toBe(404);
    expect((await send(mock, 'DELETE', `/api/v1/widgets/${w.pk}/`)).status).toBe(404);
  });
});
