import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, READONLY_TOKEN, TOKEN, type TestMock } from './support/test-mock.ts';

const PLANS = '/api/v1/cancellation_plans/';
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock();
});

describe('token authentication', () => {
  const cases: Array<[string, Record<string, string>, number, object]> = [
    ['no header', {}, 401, { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' }],
    ['another scheme', { Authorization: `Bearer ${TOKEN}` }, 401, { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' }],
    ['a wrong token', { Authorization: 'Token nope' }, 401, { detail: 'Invalid token.', code: 'authentication_failed' }],
    ['the keyword alone', { Authorization: 'Token' }, 401, { detail: 'Invalid token header. No credentials provided.', code: 'authentication_failed' }],
    ['a token with spaces', { Authorization: 'Token a b' }, 401, { detail: 'Invalid token header. Token string should not contain spaces.', code: 'authentication_failed' }],
  ];
  it.each(cases)('answers %s with DRF 401 words', async (_name, headers, status, body) => {
    const res = await mock.request(PLANS, { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('www-authenticate')).toBe('Token');
    expect(await json(res)).toEqual(body);
  });

  // DRF splits the header on any whitespace and compares the keyword in any case; the gate reads
  // the common `Token <key>` without splitting, and must answer every other form as DRF does.
  it.each([
    ['the keyword in capitals', `TOKEN ${TOKEN}`, 200],
    ['a tab between keyword and key', `Token\t${TOKEN}`, 200],
    ['two spaces between keyword and key', `Token  ${TOKEN}`, 200],
    ['a tab inside the key', `Token ${TOKEN}\tx`, 401],
  ])('reads the header as DRF splits it: %s', async (_name, header, status) => {
    expect((await mock.request(PLANS, { headers: { Authorization: header } })).status).toBe(status);
  });

  it('accepts the configured token and the read-only token for reads', async () => {
    expect((await mock.request(PLANS, { headers: AUTH })).status).toBe(200);
    const ro = await mock.request(PLANS, { headers: { Authorization: `Token ${READONLY_TOKEN}` } });
    expect(ro.status).toBe(200);
  });

  it('has no read-only token unless one is configured', async () => {
    const plain = await createTestMock({ readonlyToken: null, size: 5 });
    const res = await plain.request(PLANS, { headers: { Authorization: `Token ${READONLY_TOKEN}` } });
    expect(res.status).toBe(401);
  });
});

describe('login', () => {
  const login = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    mock.request('/api/v1/auth/login/', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('answers the token key for the configured user, with no token needed', async () => {
    const res = await login({ username: mock.config.username, password: mock.config.password });
    expect(res.status).toBe(200);
    const { key } = await json(res);
    expect(key).toBe(TOKEN);
    expect((await mock.request(PLANS, { headers: { Authorization: `Token ${key}` } })).status).toBe(200);
  });

  it('refuses bad credentials with the DRF authtoken message', async () => {
    const res = await login({ username: mock.config.username, password: 'wrong' });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ non_field_errors: ['Unable to log in with provided credentials.'] });
  });

  it('names each missing field', async () => {
    const res = await login({});
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ username: ['This field is required.'], password: ['This field is required.'] });
  });

  it('answers malformed JSON with a parse_error', async () => {
    const res = await login('{"username": ');
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('parse_error');
    expect(body.detail).toMatch(/^JSON parse error - /);
  });

  it('answers another media type with 415', async () => {
    const res = await login('username=a', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(await json(res)).toEqual({ detail: 'Unsupported media type "text/plain" in request.', code: 'unsupported_media_type' });
  });

  it.each(['application/merge-patch+json', 'application/vnd.api+json'])(
    'answers %s with 415, as DRF\'s JSONParser takes application/json alone, and changes nothing',
    async (type) => {
      const before = await mock.getJson('/api/v1/cancellation_reasons/1/');
      const res = await mock.request('/api/v1/cancellation_reasons/1/', {
        method: 'PATCH',
        headers: { ...AUTH, 'Content-Type': type },
        body: JSON.stringify({ subject: 'Değişti' }),
      });
      expect(res.status).toBe(415);
      expect(await json(res)).toEqual({ detail: `Unsupported media type "${type}" in request.`, code: 'unsupported_media_type' });
      expect(await mock.getJson('/api/v1/cancellation_reasons/1/')).toEqual(before);
    },
  );
});

describe('routing like Django', () => {
  it('redirects a GET without its trailing slash to the slashed path, keeping the query', async () => {
    const res = await mock.request('/api/v1/cancellation_plans?limit=2', { headers: AUTH });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/api/v1/cancellation_plans/?limit=2');
  });

  it('answers 404 to a POST without its trailing slash', async () => {
    const res = await mock.request('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
  });

  it('answers 405 with Allow to a method the path does not take', async () => {
    const res = await mock.request(`${PLANS}1/`, { method: 'DELETE', headers: AUTH });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(await json(res)).toEqual({ detail: 'Method "DELETE" not allowed.', code: 'method_not_allowed' });
  });

  it('answers 404 to an unknown route and a non-numeric or unknown id', async () => {
    for (const path of ['/api/v1/nothing/', `${PLANS}abc/`, `${PLANS}99999999/`]) {
      const res = await mock.request(path, { headers: AUTH });
      expect(res.status, path).toBe(404);
      expect(await json(res)).toEqual({ detail: 'Not found.', code: 'not_found' });
    }
  });
});

describe('pagination', () => {
  it('wraps lists in the DRF envelope with absolute links that keep other parameters, sorted by name as DRF writes them', async () => {
    const total = mock.store.plans.size;
    const body = await mock.getJson(`${PLANS}?limit=5&plan_type=cancel&page=2`);
    expect(Object.keys(body).sort()).toEqual(['count', 'next', 'previous', 'results']);
    expect(body.results).toHaveLength(5);
    expect(body.previous).toBe('http://localhost/api/v1/cancellation_plans/?limit=5&plan_type=cancel');
    expect(body.next).toBe('http://localhost/api/v1/cancellation_plans/?limit=5&page=3&plan_type=cancel');
    expect(body.count).toBeLessThan(total);
  });

  it('defaults to 10 rows, newest first', async () => {
    const body = await mock.getJson(PLANS);
    expect(body.results).toHaveLength(10);
    const pks = body.results.map((p: any) => p.pk);
    expect(pks).toEqual([...pks].sort((a: number, b: number) => b - a));
    expect(pks[0]).toBe(Math.max(...mock.store.plans.keys()));
    expect(body.previous).toBeNull();
  });

  it('falls back to the default for a limit that is not a positive integer, and caps it at 1000', async () => {
    for (const limit of ['0', '-3', 'abc', '2.5']) {
      expect((await mock.getJson(`${PLANS}?limit=${limit}`)).results, limit).toHaveLength(10);
    }
    const big = await createTestMock({ size: 1100 });
    expect((await big.getJson(`${PLANS}?limit=5000`)).results).toHaveLength(1000);
  });

  it('answers "Invalid page." for a page past the end or not a number', async () => {
    for (const page of ['0', '999', 'x', '-1']) {
      const res = await mock.request(`${PLANS}?page=${page}`, { headers: AUTH });
      expect(res.status, page).toBe(404);
      expect(await json(res)).toEqual({ detail: 'Invalid page.', code: 'not_found' });
    }
  });

  it('answers page 1 of an empty result with 200 and no rows', async () => {
    const body = await mock.getJson(`${PLANS}?pk=99999999`);
    expect(body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});

describe('unknown query parameters', () => {
  it('are ignored, and named in X-Mock-Ignored-Params', async () => {
    const res = await mock.request(`${PLANS}?colour=blue&limit=3`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mock-ignored-params')).toBe('colour');
    expect((await json(res)).count).toBe(mock.store.plans.size);
  });

  it('are refused with a 400 naming them under --strict', async () => {
    const strict = await createTestMock({ strict: true, size: 5 });
    const res = await strict.request(`${PLANS}?colour=blue`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['colour']);
  });

  it('an unknown lookup on a known field is a 400, never an unfiltered list', async () => {
    const res = await mock.request(`${PLANS}?status__startswith=wa`, { headers: AUTH });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toEqual(['status__startswith']);
  });
});
