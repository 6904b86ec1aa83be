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
