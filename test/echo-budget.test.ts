import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * SECURITY.md: "an error repeats at most 100 characters of a value" (issue 19's echo budget).
 * Each case sends a 300-character value where an error repeats it, and expects 100 and `…`.
 */

const LONG = 'z'.repeat(300);
const CLIPPED = `${'z'.repeat(100)}…`;
const DIGITS = '9'.repeat(300);
const CLIPPED_DIGITS = `${'9'.repeat(100)}…`;

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
});

const answer = async (path: string, init: RequestInit = {}) => {
  const res = await mock.request(path, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });
  return { status: res.status, body: await json(res) };
};

describe('values an error repeats are clipped', () => {
  it.each([
    ['a plan list choice filter', `/api/v1/cancellation_plans/?status=${LONG}`, 'status'],
    ['a request list choice filter', `/api/v1/cancellation_requests/?cancellation_type=${LONG}`, 'cancellation_type'],
    ['a plan export format', `/api/v1/cancellation_plans/?export_format=${LONG}`, 'export_format'],
    ['a detailed request export format', `/api/v1/cancellation_requests/detailed/?export_format=${LONG}`, 'export_format'],
    ['the delivery log state', `/__mock/webhooks/deliveries?state=${LONG}`, 'state'],
  ])('%s', async (_, path, field) => {
    const res = await answer(path);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ [field]: [`Select a valid choice. ${CLIPPED} is not one of the available choices.`] });
  });

  it.each([
    ['plan list', `/api/v1/cancellation_plans/?created_date__${LONG}=1`, `created_date__${LONG}`],
    ['channel plan feed', `/api/channel/1/cancellation_plans/inserts_or_updates/?status__${LONG}=1`, `status__${LONG}`],
  ])('an unsupported lookup on the %s, named as the error key', async (_, path, param) => {
    const res = await answer(path);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual([`${param.slice(0, 100)}…`]);
  });

  it('two long unsupported lookups that clip to one key keep both messages', async () => {
    const head = `status__${'x'.repeat(200)}`;
    const res = await answer(`/api/v1/cancellation_plans/?${head}A=1&${head}B=1`);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toHaveLength(1);
    expect(Object.values(res.body as Record<string, string[]>).flat()).toHaveLength(2);
  });

  it('X-Mock-Ignored-Params names each ignored parameter clipped, and at most 1 KiB of them', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `${'|'.repeat(300)}${i}=1`).join('&');
    const res = await mock.request(`/api/v1/cancellation_plans/?${many}&limit=1`, { headers: AUTH });
    expect(res.status).toBe(200);
    const header = res.headers.get('x-mock-ignored-params')!;
    expect(header.length).toBeLessThanOrEqual(1100);
    const names = header.split(',');
    expect(names[0]).toBe(encodeURIComponent(`${'|'.repeat(100)}…`));
    expect(names.at(-1)).toBe(`+${40 - (names.length - 1)}`);
  });

  it('an unknown query parameter refused by --strict, named as the error key', async () => {
    const strict = await createTestMock({ size: 10, strict: true });
    const res = await strict.request(`/api/v1/cancellation_plans/?${LONG}=1`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ [CLIPPED]: ['Unknown query parameter (refused by --strict).'] });
  });

  it('a method the API does not allow (in process, where any token is a method)', async () => {
    const res = await answer('/api/v1/cancellation_plans/1/', { method: 'X'.repeat(300) });
    expect(res.status).toBe(405);
    expect(res.body.detail).toBe(`Method "${'X'.repeat(100)}…" not allowed.`);
  });

  it('a reseed naming a dataset that is not there', async () => {
    const res = await answer('/__mock/reseed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ dataset: LONG }) });
    expect(res.status).toBe(400);
    expect(res.body.dataset).toEqual([`No dataset is named "${CLIPPED}" in the mock's seeds/ folder (give a name, not a path).`]);
  });

  it('an unknown field name in a state import', async () => {
    const lines = (await (await mock.request('/__mock/state')).text()).split('\n');
    const i = lines.findIndex((l) => l.includes('"map":"reasons","k":1,'));
    const row = JSON.parse(lines[i]!);
    row.v[LONG] = 1;
    lines[i] = JSON.stringify(row);
    const res = await answer('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: lines.join('\n') });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(`unknown field "${CLIPPED}"`);
    expect(res.body.detail).not.toContain(LONG);
  });

  it('an unknown counter in a state import record line', async () => {
    const lines = (await (await mock.request('/__mock/state')).text()).split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"record":'));
    const row = JSON.parse(lines[i]!);
    row.v[LONG] = 1;
    lines[i] = JSON.stringify(row);
    const res = await answer('/__mock/state', { method: 'PUT', headers: { 'Content-Type': 'application/x-ndjson' }, body: lines.join('\n') });
    expect(res.status).toBe(400);
    expect(res.body.detail).not.toContain(LONG);
  });

  it('a webhook target on a host that is not allowed, and one subscribed twice', async () => {
    const hooks = (target: string) =>
      answer('/whisperer/hooks/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event_type: 'cancellation_plan.created', target_url: target }) });
    const far = await hooks(`http://${'h'.repeat(230)}/x`);
    expect(far.status).toBe(400);
    expect(JSON.stringify(far.body)).not.toContain('h'.repeat(101));
    const near = `http://127.0.0.1:9/${'p'.repeat(230)}`;
    expect((await hooks(near)).status).toBe(201);
    const again = await hooks(near);
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain('already');
    expect(JSON.stringify(again.body)).not.toContain('p'.repeat(101));
  });

  it('never cuts a character in two: a clip at a surrogate pair steps back one unit', async () => {
    const value = `${'a'.repeat(99)}😀${'b'.repeat(50)}`;
    const res = await answer(`/api/v1/cancellation_plans/?status=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: [`Select a valid choice. ${'a'.repeat(99)}… is not one of the available choices.`] });
  });

  it('a pk that names no object, in a request create', async () => {
    const res = await answer('/api/v1/cancellation_requests/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ order_item: DIGITS, reason: 1, cancellation_type: 'cancel' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.order_item).toEqual([`Invalid pk "${CLIPPED_DIGITS}" - object does not exist.`]);
  });

  it.each([
    ['code', `code=${DIGITS}`, `Prefer: code must be an HTTP status from 200 to 599, not "${CLIPPED_DIGITS}".`],
    ['latency', `latency=${DIGITS}`, `Prefer: latency must be a whole number of milliseconds up to 60000, not "${CLIPPED_DIGITS}".`],
    ['example', `example=${LONG}`, `Prefer: example=${CLIPPED}: retrieveCancellationPlan documents no example of that name.`],
  ])('a Prefer %s', async (_, prefer, detail) => {
    const res = await answer('/api/v1/cancellation_plans/1/', { headers: { Prefer: prefer } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail, code: 'invalid_prefer' });
  });
});

describe('a content type a 415 repeats is clipped', () => {
  const type = `text/${LONG}`;
  const clipped = `Unsupported media type "${type.slice(0, 100)}…" in request.`;
  it.each([
    ['an API write', '/api/v1/cancellation_plans/1/update_status/', 'POST'],
    ['an admin write', '/__mock/faults', 'POST'],
    ['the state import', '/__mock/state', 'PUT'],
  ])('%s', async (_, path, method) => {
    const res = await answer(path, { method, headers: { 'Content-Type': type }, body: 'x' });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ detail: clipped, code: 'unsupported_media_type' });
  });
});
