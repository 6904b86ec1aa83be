import { describe, expect, it } from 'vitest';
import { setBuildPacing, type WarmOptions } from '../src/store/sliced-build.ts';
import { PLANS, snapshot } from './support/request-helpers.ts';
import { startTestReceiver } from './support/webhook-receiver.ts';
import { rig, until } from './support/webhook-rig.ts';

/**
 * Receivers that never answer (DOMAIN.md §5): the approval is never held up by delivery, the
 * store is never touched by it, and a dead receiver neither holds up another subscription nor
 * lets the queue grow past its bound. Split from webhook-delivery.test.ts (its size).
 */

describe('a receiver that never answers', () => {
  // The second case is a slow machine made on purpose: index builds cut one row a slice, so the
  // plan list approve() reads after the PATCH spans hundreds of turns of the event loop, and the
  // attempt is out (or timed out) before approve() returns.
  const pacings: Array<[string, WarmOptions | null]> = [
    ['', null],
    [', even when the reads after it span many turns', { sliceMs: 0, rowsAStep: 1 }],
  ];
  it.each(pacings)(
    'never delays the approval nor changes the store, and fails after 10 timed-out attempts%s',
    async (_name, pacing) => {
      const r = await rig();
      const receiver = await startTestReceiver(() => 'hang');
      const restorePacing = pacing ? setBuildPacing(pacing) : () => {};
      try {
        await r.subscribe({
          target_url: receiver.url,
          config: { timeout: 0.05 },
          retry_countdown_config: { choice: 'fixed', kwargs: { seconds: 1 } },
        });
        let atAnswer: unknown;
        let endOfTurn: Promise<unknown> = Promise.resolve();
        const approved = await r.approve(() => {
          const look = () => ({
            received: receiver.received.length,
            ...r.mock.webhooks.delivery.log.counters,
          });
          atAnswer = look();
          // Once more at the end of this turn, after every microtask and tick queued so far and
          // before any I/O or setImmediate: a drain deferred only to a tick is still the PATCH's turn.
          endOfTurn = new Promise((resolve) => process.nextTick(() => resolve(look())));
        });
        // The approval answered before any attempt was even made: delivery starts on a later turn.
        // Looked at as the PATCH answers, not once approve() returns (its reads can span turns), and
        // not timed.
        expect(atAnswer).toMatchObject({ received: 0, events: 1, deliveries: 0, attempts: 0 });
        expect(await endOfTurn).toMatchObject({
          received: 0,
          events: 1,
          deliveries: 0,
          attempts: 0,
        });
        const after = snapshot(r.mock.store);
        // While the attempt is queued or out, the API answers as usual.
        expect((await r.mock.getJson(`${PLANS}${approved.cancellation_plan}/`)).pk).toBe(
          approved.cancellation_plan,
        );
        // Paced by the mock's own log, not by the receiver: on a loaded machine an attempt given up
        // after 0.05 s may close before the receiver has read it, or before it has even connected.
        for (let n = 1; n <= 10; n += 1) {
          await until(
            async () => ((await r.deliveries()).results[0]?.attempts.length ?? 0) >= n,
            `attempt ${n} is logged`,
            15_000,
          );
          await r.mock.webhooks.idle();
          if (n < 10) r.scheduler.advance(1000);
        }
        // Each attempt opened its own connection to the receiver (no keep-alive): counted when
        // accepted, so an attempt given up before the receiver read it (it shares this event loop)
        // still counts. Every attempt the receiver read was one of the ten, and one event.
        await until(
          () => receiver.connections >= 10,
          'the receiver accepted ten connections',
          15_000,
        );
        expect(receiver.connections).toBe(10);
        expect(receiver.received.length).toBeLessThanOrEqual(10);
        const bodies = receiver.received.filter((g) => g.json !== undefined);
        expect(new Set(bodies.map((g) => g.json.event.uuid)).size).toBeLessThanOrEqual(1);
        const log = await r.deliveries();
        expect(log.results[0].state).toBe('failed');
        expect(log.results[0].attempts.map((a: any) => [a.status, a.error])).toEqual(
          Array(10).fill([null, 'timed out after 0.05 s']),
        );
        expect(
          r.lines.filter((l) => /WARN .*webhook delivery failed after 10 attempts/.test(l)),
        ).toHaveLength(1);
        expect(snapshot(r.mock.store)).toBe(after);
      } finally {
        restorePacing();
        await r.close();
        await receiver.close();
      }
    },
    20_000,
  );

  it('does not hold up another subscription', async () => {
    const r = await rig();
    const dead = await startTestReceiver(() => 'hang');
    const alive = await startTestReceiver();
    try {
      await r.subscribe({ target_url: dead.url });
      const live = await r.subscribe({ target_url: alive.url });
      for (let i = 0; i < 3; i += 1) await r.approve();
      await alive.waitFor(3);
      await dead.waitFor(3);
      await until(
        async () => (await r.deliveries(`?subscription=${live.id}&state=delivered`)).count === 3,
        'the live receiver has all three',
      );
      const stats = (await r.deliveries()).queue;
      expect(stats).toMatchObject({ sending: 3, queued: 0 });
      expect((await r.deliveries('?state=delivered')).count).toBe(3);
    } finally {
      await r.close();
      await dead.close();
      await alive.close();
    }
  });
});

describe('the queue', () => {
  it('is bounded per subscription: overflow is dropped, logged, counted — the other lane unharmed', async () => {
    const r = await rig(60, { maxQueue: 2, concurrency: 1 });
    const dead = await startTestReceiver(() => 'hang');
    const alive = await startTestReceiver();
    try {
      const full = await r.subscribe({ target_url: dead.url });
      const live = await r.subscribe({ target_url: alive.url });
      for (let i = 1; i <= 5; i += 1) {
        await r.approve();
        // The live lane is emptied between approvals; the dead one only fills.
        await until(
          async () => (await r.deliveries(`?subscription=${live.id}&state=delivered`)).count === i,
          `delivery ${i} to the live receiver`,
        );
      }
      await dead.waitFor(1);
      const log = await r.deliveries(`?subscription=${full.id}`);
      expect(log.results.map((d: any) => d.state)).toEqual([
        'dropped',
        'dropped',
        'dropped',
        'queued',
        'sending',
      ]);
      expect(log.counters.dropped).toBe(3);
      expect(log.queue).toMatchObject({
        queued: 1,
        sending: 1,
        max_per_subscription: 2,
        concurrency_per_subscription: 1,
      });
      expect(r.lines.filter((l) => /WARN .*webhook queue full: subscription/.test(l))).toHaveLength(
        3,
      );
      expect((await r.deliveries('?state=delivered')).count).toBe(5);
    } finally {
      await r.close();
      await dead.close();
      await alive.close();
    }
    expect((await r.deliveries('?state=cancelled')).count).toBe(2);
  });
});
