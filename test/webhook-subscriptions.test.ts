import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH,
  createTestMock,
  json,
  READONLY_TOKEN,
  type TestMock,
} from './support/test-mock.ts';
import { EVENT, HOOKS, postHook as post, TARGET } from './support/webhook-hooks.ts';

/**
 * Subscriptions at `/whisperer/hooks/` (DOMAIN.md §5): create, list, delete, each the token
 * user's own; DRF's 400s naming the field; the allow-list for every target. Secrets and the quick
 * path from MOCK_WEBHOOK_URL: `webhook-secrets.test.ts`.
 */

const READONLY = { Authorization: `Token ${READONLY_TOKEN}` };

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 20 });
});

describe('webhook subscriptions', () => {
  it('creates (201), lists and deletes (204) a subscription, with the library defaults', async () => {
    const fresh = await createTestMock({ size: 5 });
    const res = await post(fresh, { event_type: EVENT, target_url: TARGET });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({
      event_type: EVENT,
      target_url: TARGET,
      is_active: true,
      secret_key: null,
      callback: null,
      retry_countdown_config: { choice: 'fixed', kwargs: { seconds: 5 } },
      additional_headers: {},
      config: {},
    });
    const list = await fresh.getJson(HOOKS);
    expect(list).toEqual({ count: 1, next: null, previous: null, results: [created] });
    const del = await fresh.request(`${HOOKS}${created.id}/`, { method: 'DELETE', headers: AUTH });
    expect(del.status).toBe(204);
    expect((await fresh.getJson(HOOKS)).count).toBe(0);
    expect(
      (await fresh.request(`${HOOKS}${created.id}/`, { method: 'DELETE', headers: AUTH })).status,
    ).toBe(404);
  });

  it('keeps what was posted: headers, config, the countdown (unknown kwargs dropped)', async () => {
    const res = await post(mock, {
      event_type: EVENT,
      target_url: 'http://localhost:9/keep',
      retry_countdown_config: { choice: 'exponential', kwargs: { base: '2', limit: 60, extra: 1 } },
      additional_headers: { 'X-Team': 'qa' },
      config: { timeout: 2.5, note: 'kept' },
      is_active: false,
      id: 999,
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.retry_countdown_config).toEqual({
      choice: 'exponential',
      kwargs: { base: 2, limit: 60 },
    });
    expect(body.additional_headers).toEqual({ 'X-Team': 'qa' });
    expect(body.config).toEqual({ timeout: 2.5, note: 'kept' });
    expect(body.is_active).toBe(false);
    expect(body.id).not.toBe(999);
  });

  it('answers 401 without a token and 403 to the read-only token on create and delete', async () => {
    expect((await mock.request(HOOKS)).status).toBe(401);
    expect((await post(mock, { event_type: EVENT, target_url: TARGET }, {})).status).toBe(401);
    const before = mock.webhooks.subscriptions.all().length;
    const denied = await post(
      mock,
      { event_type: EVENT, target_url: 'http://127.0.0.1:9/ro' },
      READONLY,
    );
    expect(denied.status).toBe(403);
    const own = await json(
      await post(mock, { event_type: EVENT, target_url: 'http://127.0.0.1:9/owned' }),
    );
    const deleteDenied = await mock.request(`${HOOKS}${own.id}/`, {
      method: 'DELETE',
      headers: READONLY,
    });
    expect(deleteDenied.status).toBe(403);
    expect(mock.webhooks.subscriptions.all().length).toBe(before + 1);
    // The library lists the token user's own subscriptions: the read-only user has none.
    expect((await mock.request(HOOKS, { headers: READONLY })).status).toBe(200);
    expect((await json(await mock.request(HOOKS, { headers: READONLY }))).count).toBe(0);
  });

  const valid = { event_type: EVENT, target_url: 'http://127.0.0.1:9/valid' };
  const bad: Array<[string, Record<string, unknown>, unknown]> = [
    [
      'nothing',
      {},
      { event_type: ['This field is required.'], target_url: ['This field is required.'] },
    ],
    [
      'an unknown event type',
      { ...valid, event_type: 'order.created' },
      { event_type: ['"order.created" is not a valid choice.'] },
    ],
    [
      'a URL that is not one',
      { ...valid, target_url: 'not a url' },
      { target_url: ['Enter a valid URL.'] },
    ],
    [
      'an ftp URL',
      { ...valid, target_url: 'ftp://127.0.0.1/x' },
      { target_url: ['Enter a valid URL.'] },
    ],
    ['a null URL', { ...valid, target_url: null }, { target_url: ['This field may not be null.'] }],
    [
      'a URL too long',
      { ...valid, target_url: `http://127.0.0.1/${'x'.repeat(250)}` },
      { target_url: ['Ensure this field has no more than 255 characters.'] },
    ],
    [
      'a host outside MOCK_WEBHOOK_ALLOW',
      { ...valid, target_url: 'http://example.com/hook' },
      {
        target_url: [
          'The host "example.com" is not allowed: webhook targets must be in MOCK_WEBHOOK_ALLOW (127.0.0.1, localhost, ::1).',
        ],
      },
    ],
    [
      'an unknown countdown',
      { ...valid, retry_countdown_config: { choice: 'sometimes', kwargs: {} } },
      { retry_countdown_config: { choice: ['"sometimes" is not a valid choice.'] } },
    ],
    [
      'a countdown without kwargs',
      { ...valid, retry_countdown_config: { choice: 'fixed' } },
      { retry_countdown_config: { kwargs: ['This field is required.'] } },
    ],
    [
      'fixed without seconds',
      { ...valid, retry_countdown_config: { choice: 'fixed', kwargs: {} } },
      { retry_countdown_config: { kwargs: { seconds: ['This field is required.'] } } },
    ],
    [
      'negative seconds',
      { ...valid, retry_countdown_config: { choice: 'fixed', kwargs: { seconds: -1 } } },
      {
        retry_countdown_config: {
          kwargs: { seconds: ['Ensure this value is greater than or equal to 0.'] },
        },
      },
    ],
    [
      'a base that is not an integer',
      { ...valid, retry_countdown_config: { choice: 'linear', kwargs: { base: 'x' } } },
      { retry_countdown_config: { kwargs: { base: ['A valid integer is required.'] } } },
    ],
    [
      'random with min ≥ max',
      {
        ...valid,
        retry_countdown_config: { choice: 'random', kwargs: { min_value: 5, max_value: 5 } },
      },
      {
        retry_countdown_config: {
          kwargs: { non_field_errors: ["'max_value' must be greater than 'min_value'."] },
        },
      },
    ],
    [
      'kwargs that are a list',
      { ...valid, retry_countdown_config: { choice: 'fixed', kwargs: [5] } },
      {
        retry_countdown_config: {
          kwargs: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] },
        },
      },
    ],
    [
      'a countdown that is a string',
      { ...valid, retry_countdown_config: 'fixed' },
      {
        retry_countdown_config: {
          non_field_errors: ['Invalid data. Expected a dictionary, but got str.'],
        },
      },
    ],
    [
      'a header name with a space',
      { ...valid, additional_headers: { 'X Team': 'qa' } },
      { additional_headers: ['"X Team" is not a valid header name.'] },
    ],
    [
      'a Host header',
      { ...valid, additional_headers: { Host: 'evil' } },
      { additional_headers: ['"Host" is set by the HTTP client and cannot be given.'] },
    ],
    [
      'a header that frames the connection (the same list fault rules refuse)',
      { ...valid, additional_headers: { 'Proxy-Connection': 'close' } },
      { additional_headers: ['"Proxy-Connection" is set by the HTTP client and cannot be given.'] },
    ],
    [
      'a header value with a line break',
      { ...valid, additional_headers: { 'X-A': 'a\r\nB: c' } },
      { additional_headers: ['The value of "X-A" must be a string without line breaks.'] },
    ],
    [
      'a header value with a control character (every delivery failed in Node)',
      { ...valid, additional_headers: { 'X-A': 'a\u0001b' } },
      { additional_headers: ['The value of "X-A" has a character a header cannot carry (a control character, or one beyond Latin-1).'] },
    ],
    [
      'a header value beyond Latin-1 (every delivery failed in Node)',
      { ...valid, additional_headers: { 'X-Reason': 'Bakımda' } },
      { additional_headers: ['The value of "X-Reason" has a character a header cannot carry (a control character, or one beyond Latin-1).'] },
    ],
    [
      'a header name of 5,000 characters, repeated clipped',
      { ...valid, additional_headers: { [`X ${'y'.repeat(4998)}`]: 'qa' } },
      { additional_headers: [`"X ${'y'.repeat(98)}…" is not a valid header name.`] },
    ],
    [
      'a timeout of 0',
      { ...valid, config: { timeout: 0 } },
      { config: { timeout: ['Ensure this value is greater than or equal to 0.01.'] } },
    ],
    [
      'a timeout over a minute',
      { ...valid, config: { timeout: 120 } },
      { config: { timeout: ['Ensure this value is less than or equal to 60.'] } },
    ],
    [
      'a timeout in words',
      { ...valid, config: { timeout: 'soon' } },
      { config: { timeout: ['A valid number is required.'] } },
    ],
    [
      'a body that is a list',
      [] as unknown as Record<string, unknown>,
      { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] },
    ],
  ];
  it.each(bad)(
    'answers 400 naming the field for %s, and subscribes nothing',
    async (_name, body, expected) => {
      const before = mock.webhooks.subscriptions.all().length;
      const res = await post(mock, body);
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual(expected);
      expect(mock.webhooks.subscriptions.all().length).toBe(before);
    },
  );

  it('refuses the same user, URL and event type twice with the library code', async () => {
    const body = { event_type: EVENT, target_url: 'http://127.0.0.1:9/twice' };
    expect((await post(mock, body)).status).toBe(201);
    const again = await post(mock, { ...body, secret_key: 'different' });
    expect(again.status).toBe(400);
    const answer = await json(again);
    expect(answer.code).toBe('webhook_100_2');
    expect(answer.non_field_errors[0]).toMatch(/^Webhook already registered/);
    expect(answer.non_field_errors[0]).toContain('user, target_url and event_type');
  });

  it('answers a body that is not JSON with parse_error, another media type with 415', async () => {
    const broken = await mock.request(HOOKS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: '{"event_type": ',
    });
    expect(broken.status).toBe(400);
    expect((await json(broken)).code).toBe('parse_error');
    const text = await mock.request(HOOKS, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
  });

  it('lists newest first, paginated, with the library filters', async () => {
    const fresh = await createTestMock({ size: 5 });
    const a = await json(
      await post(fresh, { event_type: EVENT, target_url: 'http://127.0.0.1:9/A' }),
    );
    const b = await json(
      await post(fresh, {
        event_type: EVENT,
        target_url: 'http://127.0.0.1:9/b',
        is_active: false,
      }),
    );
    const ids = async (q: string) =>
      (await fresh.getJson(`${HOOKS}${q}`)).results.map((s: any) => s.id);
    expect(await ids('')).toEqual([b.id, a.id]);
    expect(await ids('?target_url=HTTP://127.0.0.1:9/a')).toEqual([a.id]);
    expect(await ids('?event_type=CANCELLATION_PLAN.CREATED')).toEqual([b.id, a.id]);
    expect(await ids('?is_active=false')).toEqual([b.id]);
    const page = await fresh.getJson(`${HOOKS}?limit=1`);
    expect(page.count).toBe(2);
    expect(page.next).toMatch(/page=2/);
    expect((await fresh.request(`${HOOKS}?page=3`, { headers: AUTH })).status).toBe(404);
    expect((await fresh.request(`${HOOKS}?is_active=maybe`, { headers: AUTH })).status).toBe(400);
  });

  it('checks targets against a configured MOCK_WEBHOOK_ALLOW, wildcards included', async () => {
    const open = await createTestMock({ size: 5, webhookAllow: ['*.hooks.test', 'receiver'] });
    const status = async (url: string) =>
      (await post(open, { event_type: EVENT, target_url: url })).status;
    expect(await status('http://a.hooks.test/x')).toBe(201);
    expect(await status('https://deep.a.hooks.test:8443/x')).toBe(201);
    expect(await status('http://RECEIVER:8080/x')).toBe(201);
    expect(await status('http://hooks.test/x')).toBe(400);
    expect(await status('http://127.0.0.1/x')).toBe(400);
  });
});
