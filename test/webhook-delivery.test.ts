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
import { createTestMock, json, sharedSpecs, TEST_NOW } from './support/test-mock.ts';
import { startTestReceiver } from './support/webhook-receiver.ts';
import { EVENT, rig } from './support/webhook-rig.ts';

/**
 * Delivering `cancellation_plan.created` as Omnitron's webhook library does (DOMAIN.md §5), to a
 * real receiver on 127.0.0.1: the body, headers and signature; 200 concurrent approvals; the
 * delivery log. Retries on the injected scheduler: webhook-retries.test.ts; receivers that never
 * answer and the bounded queue: webhook-unanswered.test.ts. Every mock and receiver is closed in
 * `finally`.
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
