import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/http/body-limit.ts';
import { createTestMock, json, type TestMock } from './support/test-mock.ts';
import { chunkedBody } from './support/chunked-body.ts';

/**
 * The admin API's bodies are held to the API's limit (1 MiB → 413, issue 19), the state import
 * alone excepted (it streams, limits-body.test.ts); and no admin error echoes a body back: a
 * near-limit body whose every field (or key) is one huge string gets a short answer.
 */

const TOO_LARGE = { detail: 'Request body is too large.', code: 'payload_too_large' };
const ROUTES = [
  { method: 'POST', path: '/__mock/reseed', fields: ['seed', 'size'] },
  {
    method: 'POST',
    path: '/__mock/faults',
    fields: ['method', 'path', 'probability', 'count', 'status', 'body', 'headers', 'latency_ms', 'drop'],
  },
  { method: 'PUT', path: '/__mock/clock', fields: ['now', 'advance'] },
  { method: 'POST', path: '/__mock/fixtures', fields: ['kind', 'order', 'items', 'status'] },
] as const;
const JSON_TYPE = { 'Content-Type': 'application/json' };
let mock: TestMock;

beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
}, 60_000);

describe('admin request bodies', () => {
  it.each(ROUTES)('$method $path: over 1 MiB is 413, declared or chunked, and nothing changes', async ({ method, path }) => {
    const before = await (await mock.request('/__mock/faults')).text();
    const big = JSON.stringify({ x: 'y'.repeat(BODY_LIMIT_BYTES) });
    const declared = await mock.request(path, { method, headers: JSON_TYPE, body: big });
    expect([declared.status, await json(declared)]).toEqual([413, TOO_LARGE]);
    const chunked = await mock.request(path, {
      method,
      headers: JSON_TYPE,
      body: chunkedBody(big),
      duplex: 'half',
    } as RequestInit);
    expect([chunked.status, await json(chunked)]).toEqual([413, TOO_LARGE]);
    expect(await (await mock.request('/__mock/faults')).text()).toBe(before);
  });

  it.each(ROUTES)('$method $path: an error never echoes a near-limit value or key back', async ({ method, path, fields }) => {
    const huge = 'z'.repeat(BODY_LIMIT_BYTES - 200);
    const bodies = [
      ...fields.map((f) => JSON.stringify({ [f]: huge })),
      JSON.stringify({ [huge]: 1 }),
      `{"kind": ${huge}`,
    ];
    for (const body of bodies) {
      const res = await mock.request(path, { method, headers: JSON_TYPE, body });
      const text = await res.text();
      expect(res.status, text.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(text.length, `${path} ${body.slice(0, 30)}: ${text.slice(0, 200)}`).toBeLessThan(2_000);
    }
    await mock.request('/__mock/faults', { method: 'DELETE' });
  });
});
