import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEventValidator } from '../src/webhooks/event-schema.ts';
import {
  createBody,
  createRequestVia,
  itemSupply,
  patchStatus,
  planOfRequest,
  PLANS,
} from './support/request-helpers.ts';
import { AUTH, createTestMock, json, sharedSpecs, TEST_NOW } from './support/test-mock.ts';
import { startTestReceiver } from './support/webhook-receiver.ts';
import { EVENT, HOOKS, rig } from './support/webhook-rig.ts';

/**
 * Delivering `cancellation_plan.created` as Omnitron's webhook library does (DOMAIN.md §5), to a
 * real receiver on 127.0.0.1: the body, headers and signature; retries on the injected
 * scheduler (no sleeps); 200 concurrent approvals; the delivery log. Receivers that never answer
 * and the bounded queue: webhook-unanswered.test.ts. Every mock and receiver is closed in `finally`.
 */

const hmac = (secret: string, body: Buffer) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('a delivery', () => {
  it('posts the plan retrieve answers, with the library headers and a valid signature', async () => {
    const r = await rig();
    const receiver = await startTestReceiver();
    try {
      await r.subscribe({
        target_url: receiver.url,
        secret_key: 'a-long-shared-secret',
        additional_headers: { 'X-Team': 'qa' },
      });
      const approved = await r.approve();
      await receiver.waitFor(1);
      await r.mock.webhooks.idle();
      expect(receiver.received).toHaveLength(1);
      const got = receiver.received[0]!;
      expect(got.method).toBe('POST');
      expect(got.path).toBe('/hook');
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['x-whisperer-event']).toBe(EVENT);
      expect(got.headers['x-whisperer-signature']).toBe(hmac('a-long-shared-secret', got.body));
      expect(got.headers['x-team']).toBe('qa');
      // Python's json.dumps bytes: spaced separators, ASCII only.
      expect(
        got.body.toString('latin1').startsWith(`{"event": {"type": "${EVENT}", "uuid": "`),
      ).toBe(true);
      expect(/[^\x00-\x7f]/.test(got.body.toString('latin1'))).toBe(false);
      expect(got.json.event.uuid).toMatch(/^[0-9a-f]{32}$/);
      expect(got.json.payload).toEqual(
        await r.mock.getJson(`${PLANS}${approved.cancellation_plan}/`),
      );
      expect(createEventValidator((await sharedSpecs()).specs)(got.json)).toEqual([]);
      const log = await r.deliveries();
      expect(log.counters).toMatchObject({
        events: 1,
        deliveries: 1,
        attempts: 1,
        delivered: 1,
        failed: 0,
        dropped: 0,
      });
      expect(log.results[0]).toMatchObject({
        event_type: EVENT,
        event_uuid: got.json.event.uuid,
        object_id: approved.cancellation_plan,
        target_url: receiver.url,
        state: 'delivered',
        attempts: [{ attempt: 1, status: 200, error: null, response: 'ok' }],
      });
      const page = await (await r.mock.request('/__mock/')).text();
      expect(page).toContain(receiver.url);
      expect(page).toMatch(/<td>delivered<\/td>/);
    } finally {
      await r.close();
      await receiver.close();
    }
  });

  it('is logged in real time while the plan it sends is stamped by the moved mock clock', async () => {
    const r = await rig();
    const receiver = await startTestReceiver();
    try {
      await r.subscribe({ target_url: receiver.url });
      const moved = await r.mock.request('/__mock/clock', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ now: '2020-01-01T00:00:00Z' }),
      });
      expect(moved.status).toBe(200);
      await r.approve();
      await receiver.waitFor(1);
      await r.mock.webhooks.idle();
      expect(receiver.received[0]!.json.payload.created_date).toMatch(/^2020-01-01T/);
      const [record] = (await r.deliveries()).results;
      expect(record.created).toMatch(new RegExp(`^${TEST_NOW.slice(0, 19)}`));
      expect(record.attempts[0].at).toMatch(new RegExp(`^${TEST_NOW.slice(0, 19)}`));
      expect(record.finished).toMatch(new RegExp(`^${TEST_NOW.slice(0, 19)}`));
    } finally {
      await r.close();
      await receiver.close();
    }
  });

  it('is not signed without a secret, and an inactive subscription gets nothing', async () => {
    const r = await rig();
    const receiver = await startTestReceiver();
    try {
      await r.subscribe({ target_url: `${receiver.url}/plain` });
      await r.subscribe({ target_url: `${receiver.url}/off`, is_active: false });
      await r.approve();
      await receiver.waitFor(1);
      await r.mock.webhooks.idle();
      expect(receiver.received.map((g) => g.path)).toEqual(['/hook/plain']);
      expect(receiver.received[0]!.headers['x-whisperer-signature']).toBeUndefined();
    } finally {
      await r.close();
      await receiver.close();
    }
  });

  it('gives each subscription its own uuid for one event, as the library does', async () => {
    const r = await rig();
    const receiver = await startTestReceiver();
    try {
      await r.subscribe({ target_url: `${receiver.url}/a` });
      await r.subscribe({ target_url: `${receiver.url}/b` });
      const seen: string[] = [];
      r.mock.events.subscribe(EVENT, (e) => seen.push(e.event.uuid));
      await r.approve();
      await receiver.waitFor(2);
      await r.mock.webhooks.idle();
      const byPath = Object.fromEntries(receiver.received.map((g) => [g.path, g.json]));
      expect(byPath['/hook/a'].event.uuid).toBe(seen[0]);
      expect(byPath['/hook/b'].event.uuid).toMatch(/^[0-9a-f]{32}$/);
      expect(byPath['/hook/b'].event.uuid).not.toBe(seen[0]);
      expect(byPath['/hook/b'].payload).toEqual(byPath['/hook/a'].payload);
    } finally {
      await r.close();
      await receiver.close();
    }
  });
});

describe('retries', () => {
  it('retry a 500 after exactly the configured countdown, same bytes and uuid, until a 2xx', async () => {
    const r = await rig();
    const receiver = await startTestReceiver((_req, n) => (n <= 2 ? 500 : 200));
    try {
      await r.subscribe({
        target_url: receiver.url,
        secret_key: 'k',
        retry_countdown_config: { choice: 'fixed', kwargs: { seconds: 7 } },
      });
      await r.approve();
      await receiver.waitFor(1);
      await r.mock.webhooks.idle();
      expect(r.scheduler.nextDelay()).toBe(7000);
      expect((await r.deliveries()).results[0]).toMatchObject({
        state: 'retrying',
        next_attempt_at: '2026-03-04T10:00:07.000000Z',
      });
      r.scheduler.advance(6999);
      await r.mock.webhooks.idle();
      expect(receiver.received).toHaveLength(1);
      r.scheduler.advance(1);
      await receiver.waitFor(2);
      await r.mock.webhooks.idle();
      r.scheduler.advance(7000);
      await receiver.waitFor(3);
      await r.mock.webhooks.idle();
      expect(receiver.received).toHaveLength(3);
      expect(r.scheduler.pending()).toBe(0);
      const [first, ...rest] = receiver.received;
      for (const again of rest) {
        expect(again.body.equals(first!.body)).toBe(true);
        expect(again.headers['x-whisperer-signature']).toBe(
          first!.headers['x-whisperer-signature'],
        );
      }
      const log = await r.deliveries();
      expect(log.results[0].state).toBe('delivered');
      expect(log.results[0].attempts.map((a: any) => a.status)).toEqual([500, 500, 200]);
      expect(log.counters).toMatchObject({ deliveries: 1, attempts: 3, delivered: 1 });
    } finally {
      await r.close();
      await receiver.close();
    }
  });

  const countdowns: Array<[string, object, number[]]> = [
    ['fixed', { choice: 'fixed', kwargs: { seconds: 3 } }, [3, 3, 3, 3, 3, 3, 3, 3, 3]],
    ['linear', { choice: 'linear', kwargs: { base: 2, limit: 9 } }, [0, 2, 4, 6, 8, 9, 9, 9, 9]],
    [
      'exponential',
      { choice: 'exponential', kwargs: { base: 2, limit: 60 } },
      [1, 2, 4, 8, 16, 32, 60, 60, 60],
    ],
  ];
  it.each(countdowns)(
    'follow a %s countdown and stop after 10 attempts, logged as failed',
    async (_name, config, expected) => {
      const r = await rig();
      const receiver = await startTestReceiver(() => 503);
      try {
        await r.subscribe({ target_url: receiver.url, retry_countdown_config: config });
        await r.approve();
        const waits: number[] = [];
        for (let n = 1; n <= 10; n += 1) {
          await receiver.waitFor(n);
          await r.mock.webhooks.idle();
          if (n === 10) break;
          const wait = r.scheduler.nextDelay()!;
          waits.push(wait / 1000);
          r.scheduler.advance(wait);
        }
        expect(waits).toEqual(expected);
        expect(r.scheduler.pending()).toBe(0);
        expect(receiver.received).toHaveLength(10);
        const log = await r.deliveries();
        expect(log.results[0]).toMatchObject({ state: 'failed', max_attempts: 10 });
        expect(log.results[0].attempts).toHaveLength(10);
        expect(
          r.lines.some((l) => /WARN .*webhook delivery failed after 10 attempts/.test(l)),
        ).toBe(true);
      } finally {
        await r.close();
        await receiver.close();
      }
    },
  );

  it('stop when the subscription is deleted: the waiting retry is cancelled', async () => {
    const r = await rig();
    const receiver = await startTestReceiver(() => 500);
    try {
      const sub = await r.subscribe({
        target_url: receiver.url,
        retry_countdown_config: { choice: 'fixed', kwargs: { seconds: 60 } },
      });
      await r.approve();
      await receiver.waitFor(1);
      await r.mock.webhooks.idle();
      expect(r.scheduler.pending()).toBe(1);
      expect(
        (await r.mock.request(`${HOOKS}${sub.id}/`, { method: 'DELETE', headers: AUTH })).status,
      ).toBe(204);
      expect(r.scheduler.pending()).toBe(0);
      r.scheduler.advance(120_000);
      await r.mock.webhooks.idle();
      expect(receiver.received).toHaveLength(1);
      expect((await r.deliveries()).results[0].state).toBe('cancelled');
    } finally {
      await r.close();
      await receiver.close();
    }
  });
});

describe('200 cancellation requests approved at once', () => {
  it('give 200 events: none lost, none twice, each the plan its approval made', async () => {
    // 200 free orders: a waiting request holds its whole order (the vendor's rule).
    const r = await rig(500);
    const receiver = await startTestReceiver();
    try {
      await r.subscribe({ target_url: receiver.url, secret_key: 'concurrent-secret' });
      const next = itemSupply(r.mock.store);
      const requests = [];
      for (let i = 0; i < 200; i += 1)
        requests.push(await createRequestVia(r.mock, createBody(r.mock.store, next())));
      const answers = await Promise.all(requests.map((q) => patchStatus(r.mock, q.id, 'approved')));
      expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
      const plans = await Promise.all(
        answers.map(async (a) => planOfRequest(r.mock, await json(a))),
      );
      await receiver.waitFor(200, 20_000);
      await r.mock.webhooks.idle();
      expect(receiver.received).toHaveLength(200);
      expect(new Set(receiver.received.map((g) => g.json.event.uuid)).size).toBe(200);
      expect(receiver.received.map((g) => g.json.payload.pk).sort((a, b) => a - b)).toEqual(
        [...plans].sort((a, b) => a - b),
      );
      const validate = createEventValidator((await sharedSpecs()).specs);
      for (const g of receiver.received) {
        expect(g.headers['x-whisperer-signature']).toBe(hmac('concurrent-secret', g.body));
        expect(validate(g.json)).toEqual([]);
      }
      expect((await r.deliveries()).counters).toMatchObject({
        events: 200,
        deliveries: 200,
        attempts: 200,
        delivered: 200,
        dropped: 0,
      });
    } finally {
      await r.close();
      await receiver.close();
    }
  }, 60_000);
});

describe('the delivery log', () => {
  it('is admin: with MOCK_ADMIN_TOKEN set it needs that token', async () => {
    const guarded = await createTestMock({ size: 5, adminToken: 'admin-secret' });
    expect((await guarded.request('/__mock/webhooks/deliveries')).status).toBe(401);
    const ok = await guarded.request('/__mock/webhooks/deliveries?limit=5', {
      headers: { Authorization: 'Token admin-secret' },
    });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ count: 0, capacity: 1000, results: [] });
    const bad = await guarded.request('/__mock/webhooks/deliveries?state=lost&limit=0', {
      headers: { Authorization: 'Token admin-secret' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(await json(bad)).sort()).toEqual(['limit', 'state']);
  });
});
