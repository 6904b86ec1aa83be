import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/http/body-limit.ts';
import { snapshot } from './support/request-helpers.ts';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';
import { chunkedBody } from './support/chunked-body.ts';

/**
 * Request bodies over `BODY_LIMIT_BYTES` (1 MiB, README "Limits") are answered 413 in the shared
 * error shape — checked by the self-check against the unrouted error schema, since 413 belongs
 * to no operation — before authentication or any route reads them, whether the size is declared
 * or only found while reading a chunked body. Nothing is written. Issue 13.
 */

const TOO_LARGE = { detail: 'Request body is too large.', code: 'payload_too_large' };
const TAGS = '/api/v1/cancellation_requests/bulk_add_tags/';
let mock: TestMock;

/** A JSON body of exactly `bytes` bytes: `{"keys":["xxx…"],"ids":[]}`. */
function bodyOf(bytes: number): string {
  const frame = '{"ids":[],"keys":[""]}';
  return frame.replace('[""]', `["${'x'.repeat(bytes - frame.length)}"]`);
}

beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
}, 60_000);

describe('the request body limit', () => {
  it('is 1 MiB', () => {
    expect(BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it('answers 413 in the shared error shape to a declared body one byte over it, writing nothing', async () => {
    const before = snapshot(mock.store);
    const body = bodyOf(BODY_LIMIT_BYTES + 1);
    const res = await mock.request(TAGS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      body,
    });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual(TOO_LARGE);
    expect(snapshot(mock.store)).toBe(before);
  });

  it('reads a body of exactly 1 MiB as usual (the rules answer, not the limit)', async () => {
    const res = await mock.request(TAGS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: bodyOf(BODY_LIMIT_BYTES),
    });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toContain('ids');
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    const res = await mock.request(TAGS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: chunkedBody(bodyOf(3 * BODY_LIMIT_BYTES)),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual(TOO_LARGE);
  });

  it('answers 413 before authentication: no token, a read-only token, an unknown route', async () => {
    const body = bodyOf(BODY_LIMIT_BYTES + 10);
    for (const [path, headers] of [
      [TAGS, {}],
      ['/api/v1/cancellation_plans/1/update_status/', { Authorization: 'Token test-readonly-token' }],
      ['/api/v1/no_such_thing/', AUTH],
    ] as const) {
      const res = await mock.request(path, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/plain' }, body });
      expect(res.status, path).toBe(413);
      expect(await json(res)).toEqual(TOO_LARGE);
    }
  });

  it('leaves the admin API alone: a state import streams documents far over the API limit', async () => {
    const exported = await (await mock.request('/__mock/state')).text();
    const padded = `${exported}${' '.repeat(BODY_LIMIT_BYTES)}\n`;
    const res = await mock.request('/__mock/state', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: padded,
    });
    expect(res.status).toBe(200);
  });
});
