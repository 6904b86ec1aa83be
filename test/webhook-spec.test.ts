import { describe, expect, it } from 'vitest';
import { loadAdminSpec } from '../src/admin/admin-spec.ts';
import {
  countdownSeconds,
  DEFAULT_COUNTDOWN,
  type RetryCountdownConfig,
} from '../src/webhooks/countdown.ts';
import { deliveryRequest } from '../src/webhooks/delivery-request.ts';
import { createEventValidator, eventSchemaOf } from '../src/webhooks/event-schema.ts';
import type { Subscription } from '../src/webhooks/subscriptions.ts';
import { pythonJsonDumps } from '../src/webhooks/python-json.ts';
import { signatureMatches, signBody } from '../src/webhooks/signature.ts';
import { sharedSpecs } from './support/test-mock.ts';
import { vendorEvent } from './support/vendor-event.ts';

/**
 * The event as the served documents describe it (issue 9), and the pure pieces delivery is built
 * from: Python's JSON bytes, the signature, the countdowns.
 */

const validator = async () => createEventValidator((await sharedSpecs()).specs);

describe('the cancellation_plan.created event in specs/', () => {
  it('is a 3.0 callback on createWebhookSubscription, with its headers and the plan as payload', async () => {
    const { specs } = await sharedSpecs();
    const op = specs.documents['webhooks.openapi.yaml']!.paths['/whisperer/hooks/']!.post! as any;
    const callback = op.callbacks['cancellation_plan.created']['{$request.body#/target_url}'].post;
    expect(callback.parameters.map((p: any) => `${p.in} ${p.name} ${p.required}`)).toEqual([
      'header X-Whisperer-Event true',
      'header X-Whisperer-Signature false',
    ]);
    const schema = eventSchemaOf(specs) as any;
    const plan =
      specs.documents['cancellation-plans.openapi.yaml']!.components!.schemas!.CancellationPlan;
    expect(schema.properties.payload).toStrictEqual(plan);
  });

  it('accepts the real event of seed 003, verbatim', async () => {
    expect((await validator())(vendorEvent())).toEqual([]);
  });

  const breaks: Array<[string, (e: any) => void, RegExp]> = [
    ['a hyphenated uuid', (e) => (e.event.uuid = '4e7ab202-4a3e-4e8b-a400-c2470b84f976'), /uuid/],
    ['another event type', (e) => (e.event.type = 'cancellation_plan.updated'), /type/],
    ['a plan without its status', (e) => delete e.payload.status, /status/],
    ['a decimal as a number', (e) => (e.payload.refund_amount = 13.49), /refund_amount/],
    ['an extra top-level key', (e) => (e.extra = 1), /additional/],
    ['no event object', (e) => delete e.event, /event/],
  ];
  it.each(breaks)('refuses an event with %s', async (_name, breakIt, pattern) => {
    const event = vendorEvent();
    breakIt(event);
    const findings = (await validator())(event);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => `${f.path} ${f.message}`).join('\n')).toMatch(pattern);
  });

  it('serves the subscription operations and documents the delivery log in the admin document', async () => {
    const { specs } = await sharedSpecs();
    const ops = specs.operations.filter((o) => o.document === 'webhooks.openapi.yaml');
    expect(
      ops
        .map((o) => `${o.method} ${o.path} ${o.operationId} ${Object.keys(o.responses).join(',')}`)
        .sort(),
    ).toEqual([
      'DELETE /whisperer/hooks/{id}/ deleteWebhookSubscription 204,401,403,404,500',
      'GET /whisperer/hooks/ listWebhookSubscriptions 200,400,401,404,500',
      'POST /whisperer/hooks/ createWebhookSubscription 201,400,401,403,415,500',
    ]);
    const admin = await loadAdminSpec();
    const log = admin.operations.get('listMockWebhookDeliveries');
    expect(`${log?.method} ${log?.path}`).toBe('GET /__mock/webhooks/deliveries');
    expect(log?.isPublic).toBe(false);
  });
});

describe('the bytes of a delivery', () => {
  it("are Python's json.dumps: spaced separators, ASCII only, surrogate pairs", () => {
    // Expected strings are python3's own output for the same values.
    expect(
      pythonJsonDumps({
        a: [1, 'ş', null, true, 1.5],
        b: 'line\nbreak\t"q" \\ /',
        c: '\u007f\u0001😀',
        İ: {},
      }),
    ).toBe(
      '{"a": [1, "\\u015f", null, true, 1.5], "b": "line\\nbreak\\t\\"q\\" \\\\ /", "c": "\\u007f\\u0001\\ud83d\\ude00", "\\u0130": {}}',
    );
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({ e: [{}, []] })).toBe('{"e": [{}, []]}');
  });

  it('keeps the order of keys and parses back to the same event', () => {
    const event = vendorEvent();
    const text = pythonJsonDumps(event);
    expect(
      text.startsWith(
        '{"event": {"type": "cancellation_plan.created", "uuid": "4e7ab2024a3e4e8ba400c2470b84f976"}, "payload": {"pk": 2839, ',
      ),
    ).toBe(true);
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(event);
  });
});

describe('the signature', () => {
  it('is sha256=<hex HMAC-SHA256(secret, body)>', () => {
    // RFC 4231-style known answer (HMAC-SHA256 of the pangram under "key").
    expect(signBody('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('matches only the exact bytes and secret', () => {
    const body = Buffer.from('{"a": 1}');
    const good = signBody('s3cret', body);
    expect(signatureMatches('s3cret', body, good)).toBe(true);
    expect(signatureMatches('s3cret', body, ` ${good} `)).toBe(true);
    expect(signatureMatches('other', body, good)).toBe(false);
    expect(signatureMatches('s3cret', Buffer.from('{"a":1}'), good)).toBe(false);
    expect(signatureMatches('s3cret', body, good.slice(0, -1))).toBe(false);
    expect(signatureMatches('s3cret', body, good.replace('sha256=', ''))).toBe(false);
    expect(signatureMatches('s3cret', body, null)).toBe(false);
  });
});

describe('retry countdowns', () => {
  const cases: Array<[string, RetryCountdownConfig, number[]]> = [
    ['the default', DEFAULT_COUNTDOWN, [5, 5, 5, 5]],
    ['fixed', { choice: 'fixed', kwargs: { seconds: 7 } }, [7, 7, 7, 7]],
    ['linear', { choice: 'linear', kwargs: { base: 3 } }, [0, 3, 6, 9]],
    ['linear with a limit', { choice: 'linear', kwargs: { base: 3, limit: 5 } }, [0, 3, 5, 5]],
    ['exponential', { choice: 'exponential', kwargs: { base: 2 } }, [1, 2, 4, 8]],
    [
      'exponential with a limit',
      { choice: 'exponential', kwargs: { base: 2, limit: 3 } },
      [1, 2, 3, 3],
    ],
  ];
  it.each(cases)(
    '%s waits as the library computes it, by retry number',
    (_name, config, expected) => {
      expect([0, 1, 2, 3].map((r) => countdownSeconds(config, r))).toEqual(expected);
    },
  );

  it('random picks a whole number from min to max, both ends included', () => {
    const config: RetryCountdownConfig = {
      choice: 'random',
      kwargs: { min_value: 2, max_value: 4 },
    };
    expect(countdownSeconds(config, 0, () => 0)).toBe(2);
    expect(countdownSeconds(config, 0, () => 0.9999)).toBe(4);
    expect(countdownSeconds(config, 5, () => 0.5)).toBe(3);
  });
});

describe('the request every attempt sends', () => {
  const sub = (over: Partial<Subscription>): Subscription => ({
    id: 1,
    user: 1,
    event_type: 'cancellation_plan.created',
    target_url: 'http://127.0.0.1:9/hook',
    secret_key: null,
    is_active: true,
    retry_countdown_config: DEFAULT_COUNTDOWN,
    additional_headers: {},
    config: {},
    created_date: '2026-03-04T10:00:00.000000Z',
    modified_date: '2026-03-04T10:00:00.000000Z',
    ...over,
  });
  const event = {
    event: { type: 'cancellation_plan.created' as const, uuid: 'a'.repeat(32) },
    payload: { pk: 1 },
  };

  it('times out after 10 s by default, config.timeout seconds when given', () => {
    expect(deliveryRequest(sub({}), event).timeoutMs).toBe(10_000);
    expect(deliveryRequest(sub({ config: { timeout: 2.5 } }), event).timeoutMs).toBe(2500);
  });

  it('signs only with a key, and applies additional headers and basic auth last', () => {
    const plain = deliveryRequest(sub({}), event);
    expect(plain.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Whisperer-Event': 'cancellation_plan.created',
    });
    expect(plain.body.toString()).toBe(
      '{"event": {"type": "cancellation_plan.created", "uuid": "' +
        'a'.repeat(32) +
        '"}, "payload": {"pk": 1}}',
    );
    const signed = deliveryRequest(
      sub({
        secret_key: 'k',
        additional_headers: { 'X-Team': 'qa' },
        config: { auth: { auth_type: 'basic', username: 'u', password: 'p' } },
      }),
      event,
    );
    expect(signed.headers['X-Whisperer-Signature']).toBe(signBody('k', signed.body));
    expect(signed.headers['X-Team']).toBe('qa');
    expect(signed.basicAuth).toEqual({ username: 'u', password: 'p' });
  });
});
