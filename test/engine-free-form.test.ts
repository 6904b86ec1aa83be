import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * An object field with no declared properties (`attributes: {type: object}`, as the vendor's
 * fragments write it; drf-spectacular's `DictField`) holds whatever dictionary a client sends.
 * The engine read it as a serializer with no fields and stored `{}`: every key was lost.
 */
const SPEC = fileURLToPath(new URL('./fixtures/engine/free-form.openapi.yaml', import.meta.url));
const JSON_AUTH = { ...AUTH, 'Content-Type': 'application/json' };
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 20, spec: [SPEC] });
}, 60_000);

const post = (body: unknown) => mock.request('/api/v1/things/', { method: 'POST', headers: JSON_AUTH, body: JSON.stringify(body) });

/** `{x: {x: … {}}}`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i += 1) v = { x: v };
  return v;
}

it('keeps a free-form object as sent, on a create, a read and a partial update', async () => {
  const attributes = { color: 'kırmızı', sizes: [36, 38], box: { fragile: true, note: null } };
  const res = await post({ name: 'a', attributes, counts: { a: 1, b: '2' } });
  expect(res.status).toBe(201);
  const made = await json(res);
  expect(made).toMatchObject({ name: 'a', attributes, counts: { a: 1, b: 2 } });
  expect(await mock.getJson(`/api/v1/things/${made.pk}/`)).toEqual(made);
  const patched = await mock.request(`/api/v1/things/${made.pk}/`, { method: 'PATCH', headers: JSON_AUTH, body: JSON.stringify({ attributes: { color: 'mavi' } }) });
  expect(patched.status).toBe(200);
  expect((await json(patched)).attributes).toEqual({ color: 'mavi' });
});

it('keeps a client key named __proto__ as a key, in either kind of dictionary', async () => {
  const res = await mock.request('/api/v1/things/', { method: 'POST', headers: JSON_AUTH, body: '{"name":"p","attributes":{"__proto__":{"x":1}},"counts":{"__proto__":5,"b":2}}' });
  expect(res.status).toBe(201);
  const text = await res.text();
  expect(text).toContain('"attributes":{"__proto__":{"x":1}},"counts":{"__proto__":5,"b":2}');
  expect(({} as Record<string, unknown>).x).toBeUndefined();
});

it('refuses what a dictionary field refuses, and a value nested past 16 levels, storing nothing', async () => {
  const before = (await mock.getJson('/api/v1/things/')).count;
  const notDict = await post({ name: 'b', attributes: ['x'] });
  expect(notDict.status).toBe(400);
  expect(await json(notDict)).toEqual({ attributes: ['Expected a dictionary of items but got type "list".'] });
  const badChild = await post({ name: 'b', counts: { a: 'x' } });
  expect(badChild.status).toBe(400);
  expect(await json(badChild)).toEqual({ counts: { a: ['A valid integer is required.'] } });
  expect((await post({ name: 'deep enough', attributes: nested(16) })).status).toBe(201);
  const deep = await post({ name: 'too deep', attributes: nested(17) });
  expect(deep.status).toBe(400);
  expect(await json(deep)).toEqual({ attributes: ['Ensure this value is nested no more than 16 levels deep.'] });
  expect((await mock.getJson('/api/v1/things/')).count).toBe(before + 1);
});

it('replaces a free-form object inside a nested one on a PATCH, as DRF replaces a DictField: it is not merged key by key', async () => {
  const made = await json(await post({ name: 'n', place: { city: 'İzmir', extra: { a: 1 } } }));
  const patch = (body: string) => mock.request(`/api/v1/things/${made.pk}/`, { method: 'PATCH', headers: JSON_AUTH, body });
  const replaced = await patch(JSON.stringify({ place: { extra: { b: 2 } } }));
  expect(replaced.status).toBe(200);
  expect((await json(replaced)).place).toEqual({ city: 'İzmir', extra: { b: 2 } });
  // A client key named __proto__ stays a key there too (an assignment in the merge dropped it).
  const proto = await patch('{"place":{"extra":{"__proto__":{"y":1}}}}');
  expect(proto.status).toBe(200);
  const place = (await json(proto)).place;
  expect(Object.keys(place.extra)).toEqual(['__proto__']);
  expect(JSON.stringify(place)).toBe('{"city":"İzmir","extra":{"__proto__":{"y":1}}}');
});

it('holds an untyped field (a JSONField) and a list of untyped items to the same depth, so the export imports again', async () => {
  for (const body of [{ name: 'deep', blob: nested(40) }, { name: 'deep', anyList: [nested(40)] }]) {
    const res = await post(body);
    expect(res.status).toBe(400);
  }
  expect((await post({ name: 'ok', blob: nested(16), anyList: [nested(15)] })).status).toBe(201);
  const exported = await mock.request('/__mock/state');
  expect(exported.status).toBe(200);
  const reimported = await mock.request('/__mock/state', { method: 'PUT', headers: { 'Content-Type': exported.headers.get('content-type')! }, body: await exported.text() });
  expect(reimported.status).toBe(200);
});
