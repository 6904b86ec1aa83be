import { describe, expect, it } from 'vitest';
import { AUTH } from './support/test-mock.ts';
import { startTestReceiver } from './support/webhook-receiver.ts';
import { HOOKS, rig } from './support/webhook-rig.ts';

/**
 * Retries of `cancellation_plan.created` deliveries (DOMAIN.md §5) on the injected scheduler: no
 * sleeps, each retry released by the test. Split from webhook-delivery.test.ts (its size).
 */

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
