import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Step } from '../src/contracts/scenario.ts';
import { NO_BODY, type Exchange } from '../src/record/exchange.ts';
import { exchangeToStep } from '../src/record/exchange-to-step.ts';
import { Redactor } from '../src/record/redactor.ts';
import { ScenarioCaptures } from '../src/record/scenario-captures.ts';

const body = (value: unknown) => {
  const bytes = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return { bytes, total: bytes.length, truncated: false };
};

/** Replays a list of exchanges, in order, through one scenario's recorder state. */
function record(exchanges: Array<Partial<Exchange> & { answer?: unknown }>, keepHeaders: string[] = []): Step[] {
  const ctx = { redactor: new Redactor(), captures: new ScenarioCaptures(), keepHeaders, maxBodyBytes: 1 << 20 };
  return exchanges.map((e, i) => {
    const ex: Exchange = {
      seq: i + 1, startedAt: i * 10, finishedAt: i * 10 + 5, method: 'GET', url: '/', status: 200,
      requestHeaders: { authorization: 'Token t0k3n-value' }, requestBody: NO_BODY,
      responseHeaders: { 'content-type': 'application/json' }, responseBody: e.answer === undefined ? null : body(e.answer),
      ...e,
    };
    return exchangeToStep(ex, ctx).recorded.step;
  });
}

const PLANS = '/api/v1/cancellation_plans/';
const REQUESTS = '/api/v1/cancellation_requests/';

describe('automatic captures', () => {
  it('captures a list row\'s pk for the retrieve, and reuses the capture afterwards', () => {
    const steps = record([
      { url: `${PLANS}?limit=1`, answer: { count: 1, results: [{ pk: 45, order: { pk: 9 } }] } },
      { url: `${PLANS}45/`, answer: { pk: 45 } },
      { url: `${PLANS}45/update_status/`, method: 'POST' },
    ]);
    expect(steps[0]!.capture).toEqual({ cancellation_plan: '/results/0/pk' });
    expect(steps[1]!.capture).toBeUndefined();
    expect(steps.map((s) => s.request.path)).toEqual([PLANS, `${PLANS}{{cancellation_plan}}/`, `${PLANS}{{cancellation_plan}}/update_status/`]);
  });

  it('never takes a count, a limit or a quantity for an id, nor another resource\'s pk', () => {
    const steps = record([
      { url: `${PLANS}?limit=1`, answer: { count: 2, results: [{ pk: 2, quantity: 1 }] } },
      { url: `${REQUESTS}2/?limit=2&page=2`, method: 'PATCH', requestBody: body({ quantity: 1 }), requestHeaders: { 'content-type': 'application/json' } },
    ]);
    expect(steps[1]!.request).toMatchObject({ path: `${REQUESTS}2/`, query: { limit: '2', page: '2' }, body: { quantity: 1 } });
    expect(steps[0]!.capture).toBeUndefined();
  });

  it('redacts the request headers it keeps (`--header`) by what their names say', () => {
    const secret = {
      'x-api-key': 'sk_live_abcdef123456', 'x-auth-token': 'abcdef123456', cookie: 'sessionid=abcdef123456',
      'x-signature': 'deadbeef', 'x-csrftoken': 'c5rf', 'x-session-id': 's1', 'x-auth-key': 'c2VjcmV0',
      'ocp-apim-subscription-key': 'k1', 'x-hub-signature-256': 'sha256=ab', 'x-access-token-v2': 'opaque9f8e7d',
      'x-authtoken': 'opaque1a2b3c', 'x-jwt': 'e30.e30.x', 'x-refreshtoken': 'r1', 'x-clientsecret': 'c1', 'x-accesskey': 'a1',
      'x-bearer': 'b1', 'x-authentication': 'au1', 'x-api-token': 't1',
    };
    // Ordinary headers replay as sent.
    const ordinary = {
      'accept-language': 'tr', 'x-customer-name': 'Store 12', 'idempotency-key': 'abc-1', 'x-author': 'web', 'x-bypass': '1',
      'x-session-timeout': '300', 'x-cookie-consent': 'true', 'x-monkey': 'm', 'x-turkey-region': 'tr-34',
      'x-tokenizer': 'ws', 'x-keyword': 'shoes', 'x-jwt-claims': 'sub',
    };
    const requestHeaders = { authorization: 'Token t0k3n-value', ...secret, ...ordinary };
    const [step] = record([{ url: PLANS, requestHeaders }], [...Object.keys(secret), ...Object.keys(ordinary)]);
    const kept = step!.request.headers!;
    for (const name of Object.keys(secret)) expect(kept[name], name).toMatch(/^\{\{secret_credential_\d+\}\}$/);
    for (const [name, value] of Object.entries(ordinary)) expect(kept[name], name).toBe(value);
  });

  it('learns a short value a header name made a credential nowhere else (`300` stays `300` in a later query)', () => {
    const steps = record([
      { url: PLANS, requestHeaders: { authorization: 'Token t0k3n-value', 'x-auth-token': '300', 'x-api-key': 'sk_live_abcdef123456' } },
      { url: `${PLANS}?limit=300&note=sk_live_abcdef123456` },
    ], ['x-auth-token', 'x-api-key']);
    expect(steps[0]!.request.headers!['x-auth-token']).toMatch(/^\{\{secret_credential_\d+\}\}$/);
    expect(steps[1]!.request.query!.limit).toBe('300');
    expect(steps[1]!.request.query!.note).toMatch(/^\{\{secret_credential_\d+\}\}$/);
  });

  it('records the login key in a kept header as the token it is, not as a synthetic credential', () => {
    const steps = record([
      { url: '/api/v1/auth/login/', method: 'POST', answer: { key: 'a1b2c3d4e5f6a7b8c9d0' } },
      { url: PLANS, requestHeaders: { authorization: 'Token a1b2c3d4e5f6a7b8c9d0', 'x-auth-token': 'a1b2c3d4e5f6a7b8c9d0' } },
    ], ['x-auth-token']);
    // As in Authorization: the key the replayed login answers with.
    const auth = steps[1]!.request.headers!.Authorization!;
    expect(auth).toMatch(/^Token \{\{\w+\}\}$/);
    expect(steps[1]!.request.headers!['x-auth-token']).toBe(auth.slice('Token '.length));
  });

  it('learns a header credential of 8 characters, not of 7', () => {
    const steps = record([
      { url: PLANS, requestHeaders: { authorization: 'Token t0k3n-value', 'x-api-key': 'abcdefgh', 'x-auth-token': 'abcdefg' } },
      { url: `${PLANS}?a=abcdefgh&b=abcdefg` },
    ], ['x-api-key', 'x-auth-token']);
    expect(steps[1]!.request.query!.a).toMatch(/^\{\{secret_credential_\d+\}\}$/);
    expect(steps[1]!.request.query!.b).toBe('abcdefg');
  });

  it('keeps a header holding a name it learned as a credential: a name placeholder replays as text no header carries', () => {
    const steps = record([
      { url: REQUESTS, answer: { count: 1, results: [{ id: 1, holder_name: 'Ali Veli', shipping_city: 'Istanbul' }] } },
      { url: REQUESTS, requestHeaders: { authorization: 'Token t0k3n-value', 'x-customer-name': 'Ali Veli', 'x-tenant': 'Istanbul' } },
    ], ['x-customer-name', 'x-tenant']);
    const kept = steps[1]!.request.headers!;
    expect(kept['x-customer-name']).toMatch(/^\{\{secret_credential_\d+\}\}$/);
    expect(kept['x-tenant']).toMatch(/^\{\{secret_credential_\d+\}\}$/);
  });

  it('keeps a form body\'s leading `?` in its first name, and redacts a `?`-led name by what it says', () => {
    const [step] = record([{
      url: PLANS, method: 'POST', requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: body('?status=completed&%C2%A0holder_name=Ay%C5%9Fe'),
    }]);
    const sent = new URLSearchParams(`?${step!.request.rawBody!}`);
    expect([...sent.keys()]).toEqual(['?status', '\u00a0holder_name']);
    expect(sent.get('?status')).toBe('completed');
    expect(sent.get('\u00a0holder_name')).toMatch(/^\{\{secret_name_\d+\}\}$/);
  });

  it('keeps a query that starts with `?` as the name Django reads (`??status=x` names `?status`)', () => {
    const [step] = record([{ url: `${PLANS}??status=x&limit=1` }]);
    expect(step!.request.query).toEqual({ '?status': 'x', limit: '1' });
    // The name still says what the value is: personal data and tokens are redacted as ever.
    const [named] = record([{ url: `${PLANS}??holder_name=Ay%C5%9Fe+Y%C4%B1lmaz&limit=1` }, { url: `${PLANS}??token=abcd1234efgh` }]);
    expect(JSON.stringify(named!.request.query)).not.toContain('Ay');
    expect(named!.request.query!['?holder_name']).toMatch(/^\{\{secret_name_\d+\}\}$/);
    const [, token] = record([{ url: `${PLANS}??holder_name=x` }, { url: `${PLANS}??token=abcd1234efgh` }]);
    expect(token!.request.query!['?token']).toMatch(/^\{\{secret_token_\d+\}\}$/);
  });

  it('follows foreign keys, nested objects and query and body lists of ids', () => {
    const steps = record([
      { url: `${REQUESTS}7/detailed/`, answer: { id: 7, order_item: { pk: 31, order: { pk: 5, number: 'ORD-889' } }, reason: { pk: 3 }, cancellation_plan: 12 } },
      { url: `${PLANS}12/` },
      { url: `${REQUESTS}?order_item=31&order_item__order__number=ORD-889&pk__in=7,8` },
      { url: `${REQUESTS}bulk_add_tags/`, method: 'POST', requestBody: body({ ids: [7], keys: ['x'], reason: 3 }), requestHeaders: { 'content-type': 'application/json' } },
    ]);
    expect(steps[0]!.capture).toEqual({
      cancellation_plan: '/cancellation_plan', order_item: '/order_item/pk', order_number: '/order_item/order/number',
      cancellation_request: '/id', reason: '/reason/pk',
    });
    expect(steps[1]!.request.path).toBe(`${PLANS}{{cancellation_plan}}/`);
    expect(steps[2]!.request.query).toEqual({ order_item: '{{order_item}}', order_item__order__number: '{{order_number}}', pk__in: '{{cancellation_request}},8' });
    expect(steps[3]!.request.body).toEqual({ ids: ['{{cancellation_request}}'], keys: ['x'], reason: '{{reason}}' });
  });

  it('reads only answers that had arrived when the request left', () => {
    const steps = record([
      { url: `${PLANS}?limit=1`, answer: { results: [{ pk: 45 }] }, startedAt: 0, finishedAt: 50 },
      { url: `${PLANS}45/`, startedAt: 20, finishedAt: 60 },
    ]);
    expect(steps[1]!.request.path).toBe(`${PLANS}45/`);
  });

  it('reads compressed answers, and captures a login key for the Authorization header', () => {
    const steps = record([
      { url: '/api/v1/auth/login/', method: 'POST', requestHeaders: {}, responseHeaders: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, responseBody: (() => {
        const bytes = gzipSync(JSON.stringify({ key: 'abcdef0123456789' }));
        return { bytes, total: bytes.length, truncated: false };
      })() },
      { url: PLANS, requestHeaders: { authorization: 'Token abcdef0123456789' } },
    ]);
    expect(steps[0]!.request.headers).toEqual({ Authorization: null });
    expect(steps[0]!.capture).toEqual({ key: '/key' });
    expect(steps[1]!.request.headers).toEqual({ Authorization: 'Token {{key}}' });
  });

  it('breaks up a literal {{ so the client\'s own text is never read as a template', () => {
    const [step] = record([{ url: `${REQUESTS}?description=${encodeURIComponent('{{token}}')}` }]);
    expect(step!.request.query).toEqual({ description: '{ {token}}' });
  });
});
