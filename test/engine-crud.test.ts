import { describe, expect, it } from 'vitest';
import { send, VALID, widgetMock } from './support/engine-fixture.ts';
import { AUTH, createTestMock, json, READONLY_TOKEN } from './support/test-mock.ts';
import { fileURLToPath } from 'node:url';

const NOTES = fileURLToPath(new URL('./fixtures/engine/notes.openapi.yaml', import.meta.url));

describe('engine: a DRF CRUD resource from a document with no handler', () => {
  it('starts and lists the seeded collection in a DRF page', async () => {
    const mock = await widgetMock();
    const page = await mock.getJson('/api/v1/widgets/');
    expect(page.count).toBeGreaterThanOrEqual(3);
    expect(page.results[0]).toHaveProperty('pk');
    // Newest first, as every Omnitron list (DOMAIN.md §1: `-pk`).
    const pks = page.results.map((w: any) => w.pk);
    expect(pks).toEqual([...pks].sort((a: number, b: number) => b - a));
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

describe('engine: parent-scoped paths, custom actions, array lists', () => {
  it('serves the same collection on a channel path and answers 404 for another channel', async () => {
    const mock = await widgetMock();
    const w = await json(await send(mock, 'POST', '/api/v1/widgets/', { ...VALID, channel: 2 }));
    expect(await mock.getJson(`/api/channel/2/widgets/${w.pk}/`)).toEqual(w);
    expect((await send(mock, 'GET', `/api/channel/3/widgets/${w.pk}/`)).status).toBe(404);
    const page = await mock.getJson('/api/channel/2/widgets/?limit=1000');
    expect(page.results.map((r: any) => r.pk)).toContain(w.pk);
    expect(page.results.every((r: any) => r.channel === 2)).toBe(true);
    const other = await mock.getJson('/api/channel/3/widgets/?limit=1000');
    expect(other.results.map((r: any) => r.pk)).not.toContain(w.pk);
  });

  it('answers a custom action with its documented example and 404 for an unknown id', async () => {
    const mock = await widgetMock();
    const w = await json(await send(mock, 'POST', '/api/v1/widgets/', VALID));
    const ok = await send(mock, 'POST', `/api/v1/widgets/${w.pk}/archive/`, { reason: 'eski' });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ message: 'Widget archived' });
    expect((await send(mock, 'POST', '/api/v1/widgets/987654/archive/', { reason: 'eski' })).status).toBe(404);
    const bad = await send(mock, 'POST', `/api/v1/widgets/${w.pk}/archive/`, {});
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ reason: ['This field is required.'] });
  });

  it('answers a list whose 200 schema is an array with a plain array, identity from the schema', async () => {
    const mock = await widgetMock();
    const kinds = await mock.getJson('/api/v1/widget_kinds/');
    expect(Array.isArray(kinds)).toBe(true);
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    expect(kinds.map((k: any) => k.slug)).toContain('widget-kinds-1');
    // No pages in a plain array: page and limit are ignored, and named so, as any unknown name.
    const paged = await mock.request('/api/v1/widget_kinds/?limit=1&page=2', { headers: AUTH });
    expect(paged.status).toBe(200);
    expect(await json(paged)).toEqual(kinds);
    expect(paged.headers.get('x-mock-ignored-params')).toBe('limit,page');
  });

  it('keeps read-only tokens to reads (403 on a write) and asks for a token', async () => {
    const mock = await widgetMock();
    const ro = await mock.request('/api/v1/widgets/', {
      method: 'POST',
      headers: { Authorization: `Token ${READONLY_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(VALID),
    });
    expect(ro.status).toBe(403);
    expect((await mock.request('/api/v1/widgets/')).status).toBe(401);
    expect((await mock.getJson('/api/v1/widgets/')).count).toBe((await mock.getJson('/api/v1/widgets/')).count);
  });
});

/** One body per validation kind, with DRF's words; nothing is stored on any of them. */
const INVALID: ReadonlyArray<readonly [string, Record<string, unknown>, Record<string, string[]>]> = [
  ['required', { status: 'active', priority: 1, channel: 1 }, { name: ['This field is required.'] }],
  ['integer', { ...VALID, priority: 'high' }, { priority: ['A valid integer is required.'] }],
  ['choice', { ...VALID, status: 'x' }, { status: ['"x" is not a valid choice.'] }],
  ['max length', { ...VALID, name: 'x'.repeat(41) }, { name: ['Ensure this field has no more than 40 characters.'] }],
  ['null', { ...VALID, name: null }, { name: ['This field may not be null.'] }],
  ['blank', { ...VALID, name: '  ' }, { name: ['This field may not be blank.'] }],
  ['min value', { ...VALID, priority: -1 }, { priority: ['Ensure this value is greater than or equal to 0.'] }],
  ['max value', { ...VALID, priority: 11 }, { priority: ['Ensure this value is less than or equal to 10.'] }],
  ['date-time', { ...VALID, released_at: 'dün' }, { released_at: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'] }],
  ['email', { ...VALID, contact: 'nope' }, { contact: ['Enter a valid email address.'] }],
  ['email without a domain after its dot', { ...VALID, contact: 'a@b.' }, { contact: ['Enter a valid email address.'] }],
  ['email with nothing before its dot', { ...VALID, contact: 'a@.b' }, { contact: ['Enter a valid email address.'] }],
  // Read in linear time: the pattern it replaced backtracked over every split of the dots (~28 s
  // at 200,000 here; at 400,000 past the test's timeout on any machine).
  ['email of 400,000 dots', { ...VALID, contact: `a@${'.'.repeat(400_000)}@` }, { contact: ['Enter a valid email address.'] }],
  ['boolean', { ...VALID, is_visible: 'maybe' }, { is_visible: ['Must be a valid boolean.'] }],
  ['decimal', { ...VALID, price: 'abc' }, { price: ['A valid number is required.'] }],
  ['not a dict', [] as unknown as Record<string, unknown>, { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
];

describe('engine: writes like DRF', () => {
  it.each(INVALID)('answers 400 for a %s error and stores nothing', async (_kind, body, errors) => {
    const mock = await widgetMock();
    const before = (await mock.getJson('/api/v1/widgets/')).count;
    const res = await send(mock, 'POST', '/api/v1/widgets/', body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(errors);
    expect((await mock.getJson('/api/v1/widgets/')).count).toBe(before);
  });

  it('refuses a bad PATCH without changing the object', async () => {
    const mock = await widgetMock();
    const w = await json(await send(mock, 'POST', '/api/v1/widgets/', VALID));
    const res = await send(mock, 'PATCH', `/api/v1/widgets/${w.pk}/`, { priority: 'x' });
    expect(res.status).toBe(400);
    expect(await mock.getJson(`/api/v1/widgets/${w.pk}/`)).toEqual(w);
  });

  it('answers 415 for another media type and 400 for malformed JSON', async () => {
    const mock = await widgetMock();
    const text = await mock.request('/api/v1/widgets/', { method: 'POST', headers: { ...AUTH, 'Content-Type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
    const broken = await mock.request('/api/v1/widgets/', { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
  });
});

describe('engine identities the state file can keep', () => {
  it('refuses a client-given identity too long for the state file, and exports and imports what it accepted', async () => {
    const mock = await createTestMock({ spec: [NOTES], size: 10 });
    const long = await send(mock, 'POST', '/api/v1/notes/', { slug: 's'.repeat(600), text: 'uzun' });
    expect(long.status).toBe(400);
    expect(Object.keys(await json(long))).toEqual(['slug']);
    const ok = await send(mock, 'POST', '/api/v1/notes/', { slug: 'kisa-not', text: 'kısa' });
    expect(ok.status).toBe(201);
    const exported = await (await mock.request('/__mock/state')).text();
    expect(exported).not.toContain('s'.repeat(600));
    const imported = await mock.request('/__mock/state', {
      method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: exported,
    });
    expect(imported.status).toBe(200);
    expect((await mock.request('/api/v1/notes/kisa-not/', { headers: AUTH })).status).toBe(200);
  });
});
