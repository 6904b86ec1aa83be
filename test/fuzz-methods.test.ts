import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import {
  authorization,
  Counter,
  extraHeaders,
  FUZZ_SEED,
  fuzzRequest,
  headersOf,
  idText,
  probe,
  prototypeNames,
  type FuzzRequest,
} from './support/fuzz-requests.ts';
import { createTestMock, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * Every served path under every method (Django answers 405 with `Allow`, or 301 / 404 for a path
 * without its slash), near-miss paths, and browser headers: `Origin` from anywhere, preflights.
 * No answer is a 5xx, off the spec or leaky; and CORS never hands an arbitrary origin a
 * credentialed answer, nor pairs `*` with credentials (issue 13).
 */

const RUNS = 1_500;
const counter = new Counter();
const prototypeBefore = prototypeNames();
let operations: Operation[];
let mock: TestMock;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'get', 'post'];
const ORIGINS = [
  'http://localhost:5173', 'http://127.0.0.1:3000', 'https://evil.example', 'null', 'http://localhost.evil.example',
  'http://evil.example:5173', 'file://', 'http://[::1]:8080', 'http://LOCALHOST:5173', 'https://localhost@evil.example',
];
/** Origins the default CORS policy allows (localhost, 127.0.0.1, [::1]; any port). */
const LOCAL = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** Served paths, their near misses, and paths no operation has. */
function paths(ids: readonly number[]): fc.Arbitrary<string> {
  const templates = [...new Set(operations.map((op) => op.path))];
  const served = fc.tuple(fc.constantFrom(...templates), idText(ids)).map(([t, id]) => t.replace(/\{[^}]+\}/g, id));
  return fc.oneof(
    { weight: 6, arbitrary: served },
    { weight: 2, arbitrary: served.map((p) => p.replace(/\/$/, '')) },
    { weight: 1, arbitrary: served.map((p) => `${p}extra/`) },
    { weight: 1, arbitrary: served.map((p) => p.replace('/api/', '//api/')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('/', '/api', '/api/', '/api/v1/', '/api/v2/cancellation_plans/', '/API/V1/cancellation_plans/', '/api/v1/cancellation_plans/../auth/login/',
        '/api/v1/%63ancellation_plans/', '/favicon.ico', '/__mock/health', '/api/v1/cancellation_requests/1/tags/x/', '/%', '/api/v1/cancellation_plans/;/'),
    },
  );
}

function requests(target: TestMock): fc.Arbitrary<FuzzRequest> {
  const ids = [...target.store.requests.keys(), ...target.store.plans.keys()];
  return fc.record({
    method: fc.constantFrom(...METHODS),
    path: paths(ids),
    auth: authorization,
    extras: extraHeaders,
    origin: fc.option(fc.constantFrom(...ORIGINS), { nil: undefined }),
    preflight: fc.option(fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH'), { nil: undefined }),
    body: fc.option(fc.constantFrom('{}', '{"status":"approved"}', '{"key":"t"}', 'x'), { nil: undefined }),
  }).map(({ method, path, auth, extras, origin, preflight, body }) => {
    const m = method.toUpperCase();
    const headers = headersOf(auth, extras, body === undefined ? undefined : 'application/json');
    if (origin !== undefined) headers.Origin = origin;
    if (preflight !== undefined && m === 'OPTIONS') headers['Access-Control-Request-Method'] = preflight;
    const sendsBody = body !== undefined && m !== 'GET' && m !== 'HEAD';
    if (!sendsBody) delete headers['Content-Type'];
    return fuzzRequest({ method, path, headers, ...(sendsBody && { body }) });
  });
}

beforeAll(async () => {
  operations = servedOperations((await sharedSpecs()).specs);
  mock = await createTestMock({ size: 20 });
}, 60_000);

afterAll(async () => {
  console.log(`fuzz-methods: ${counter.summary()}`);
  await mock?.webhooks.close();
});

describe('fuzzed methods, paths and browser headers', () => {
  it(`answers ${RUNS} generated requests without a 5xx, off-spec answer, leak or loose CORS`, async () => {
    await fc.assert(
      fc.asyncProperty(requests(mock), async (req) => {
        const res = await probe(mock, req, counter);
        const allowed = res.headers.get('access-control-allow-origin');
        const origin = req.headers.Origin;
        if (allowed === null) return;
        expect(origin, `${req.method} ${req.path}: CORS headers without an Origin`).toBeDefined();
        if (res.headers.get('access-control-allow-credentials') === 'true') {
          expect(allowed, 'credentials with *').not.toBe('*');
          expect(LOCAL.test(origin!), `credentialed CORS for ${origin}`).toBe(true);
          expect(allowed).toBe(origin);
        }
      }),
      { numRuns: RUNS, seed: FUZZ_SEED },
    );
  }, 120_000);

  it('leaves every prototype as it was', () => {
    expect(prototypeNames()).toBe(prototypeBefore);
    expect(counter.requests).toBeGreaterThanOrEqual(RUNS);
  });
});
