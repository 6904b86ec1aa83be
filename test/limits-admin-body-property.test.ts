import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/http/body-limit.ts';
import { createTestMock, type TestMock } from './support/test-mock.ts';
import { chunkedBody } from './support/chunked-body.ts';

/**
 * Issue 19 item 10's mechanism, the admin body limit, as a property: for any admin route that
 * takes a body (the streaming state import aside), any body length around the limit, declared or
 * chunked, the answer is 413 exactly when the body is over `BODY_LIMIT_BYTES`, and no answer is
 * ever long enough to carry the body back.
 */
const ROUTES = [
  ['POST', '/__mock/reseed'],
  ['POST', '/__mock/faults'],
  ['PUT', '/__mock/clock'],
  ['POST', '/__mock/fixtures'],
  ['POST', '/__mock/sessions'],
] as const;
let mock: TestMock;

/** A JSON object of exactly `length` bytes: `{"x":"yyy…"}`. */
const bodyOf = (length: number) => `{"x":"${'y'.repeat(length - 8)}"}`;

beforeAll(async () => {
  mock = await createTestMock({ size: 5 });
}, 60_000);

describe('admin request bodies, any length around the limit', () => {
  it('answer 413 exactly past the limit, declared or chunked, and never echo the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.integer({ min: BODY_LIMIT_BYTES - 64, max: BODY_LIMIT_BYTES + 64 }),
        fc.option(fc.integer({ min: 1_000, max: 300_000 }), { nil: undefined }),
        async ([method, path], length, chunk) => {
          const body = bodyOf(length);
          const res = await mock.request(path, {
            method,
            headers: { 'Content-Type': 'application/json' },
            ...(chunk === undefined ? { body } : { body: chunkedBody(body, chunk), duplex: 'half' }),
          } as RequestInit);
          const text = await res.text();
          expect(res.status === 413, `${method} ${path} ${length} bytes${chunk ? ` in ${chunk}-byte chunks` : ''}: ${res.status}`).toBe(length > BODY_LIMIT_BYTES);
          expect(text.length).toBeLessThan(2_000);
        },
      ),
      { numRuns: 40 },
    );
    await mock.request('/__mock/faults', { method: 'DELETE' });
  });
});
