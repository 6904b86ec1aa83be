import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../src/common/clock.ts';
import { createLogger } from '../src/logger.ts';
import { createManualScheduler } from '../src/webhooks/scheduler.ts';
import { SubscriptionRegistry, SUBSCRIPTION_LIMITS } from '../src/webhooks/subscriptions.ts';
import {
  createBody,
  createRequestVia,
  itemSupply,
  patchStatus,
} from './support/request-helpers.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';
import { startTestReceiver } from './support/webhook-receiver.ts';
import { subscriptionInput } from './support/subscription-input.ts';

/**
 * The byte budget of webhooks (issue 19): subscriptions are capped per user and in all, and the
 * deliveries not final yet are capped across every queue, so no client can make the mock hold
 * gigabytes of pending deliveries.
 */
const HOOKS = '/whisperer/hooks/';
const EVENT = 'cancellation_plan.created';

describe('webhook subscription limits', () => {
  it('refuses a user its 101st subscription with a DRF rule error, and takes it after a delete', async () => {
    const mock = await createTestMock({ size: 0 });
    const ids: number[] = [];
    for (let i = 0; i < SUBSCRIPTION_LIMITS.perUser; i += 1) {
      const res = await mock.postJson(HOOKS, {
        event_type: EVENT,
        target_url: `http://127.0.0.1:9/h${i}`,
      });
      expect(res.status).toBe(201);
      ids.push((await json(res)).id);
    }
    const over = await mock.postJson(HOOKS, {
      event_type: EVENT,
      target_url: 'http://127.0.0.1:9/more',
    });
    expect(over.status).toBe(400);
    expect(await json(over)).toEqual({
      non_field_errors: [
        'This user already has 100 webhook subscriptions, the most one user may have; delete one first.',
      ],
      code: 'webhook_user_limit',
    });
    const deleted = await mock.request(`${HOOKS}${ids[0]}/`, { method: 'DELETE', headers: AUTH });
    expect(deleted.status).toBe(204);
    const again = await mock.postJson(HOOKS, {
      event_type: EVENT,
      target_url: 'http://127.0.0.1:9/more',
    });
    expect(again.status).toBe(201);
  });

  it('keeps at most 1,000 subscriptions over every user', () => {
    const registry = new SubscriptionRegistry(createFixedClock('2025-06-02T09:00:00Z'));
    let made = 0;
    for (let user = 1; user <= 11; user += 1) {
      for (let i = 0; i < SUBSCRIPTION_LIMITS.perUser; i += 1) {
        const r = registry.create(user, subscriptionInput(i));
        if (r.ok) made += 1;
        else
          expect(r.error).toMatchObject({
            code: user <= 10 ? 'webhook_user_limit' : 'webhook_total_limit',
          });
      }
    }
    expect(made).toBe(SUBSCRIPTION_LIMITS.total);
    expect(registry.all()).toHaveLength(SUBSCRIPTION_LIMITS.total);
  });
});

describe('undelivered webhook events', () => {
  it('are capped across every queue: the overflow is dropped, counted and logged', async () => {
    const lines: string[] = [];
    const mock = await createTestMock(
      { size: 60 },
      {
        logger: createLogger('debug', (l) => lines.push(l)),
        webhooks: { scheduler: createManualScheduler(), maxPending: 5, concurrency: 1 },
      },
    );
    const dead = await startTestReceiver(() => 'hang');
    try {
      for (const path of ['a', 'b', 'c']) {
        // The longest timeout: an attempt out while the machine stalls 10 s must not time out
        // before the receiver has read it (the next attempt waits on a scheduler nobody moves).
        const res = await mock.postJson(HOOKS, {
          event_type: EVENT,
          target_url: `${dead.url}-${path}`,
          config: { timeout: 60 },
        });
        expect(res.status).toBe(201);
      }
      const next = itemSupply(mock.store);
      for (let i = 0; i < 3; i += 1) {
        const request = await createRequestVia(mock, createBody(mock.store, next()));
        expect((await patchStatus(mock, request.id, 'approved')).status).toBe(200);
      }
      await dead.waitFor(3);
      const log = await json(await mock.request('/__mock/webhooks/deliveries'));
      expect(log.counters).toMatchObject({ deliveries: 9, dropped: 4 });
      const { queued, sending, retrying, max_in_all } = log.queue;
      expect({ pending: queued + sending + retrying, max_in_all }).toEqual({
        pending: 5,
        max_in_all: 5,
      });
      expect(
        lines.filter((l) => /webhook queue full: all subscriptions together/.test(l)),
      ).toHaveLength(4);
    } finally {
      await mock.webhooks.close();
      await dead.close();
    }
  });
});
