import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../src/common/clock.ts';
import { SubscriptionRegistry, SUBSCRIPTION_LIMITS } from '../src/webhooks/subscriptions.ts';
import { subscriptionInput } from './support/subscription-input.ts';

/**
 * Issue 19 item 8's mechanism, the subscription caps, as a property: over any sequence of creates
 * and deletes by any users, no user ever holds more than 100 subscriptions and nobody more than
 * 1,000 in all; a create is refused exactly when its user is at 100 (`webhook_user_limit`) or, short
 * of that, everybody is at 1,000 (`webhook_total_limit`); a delete frees room at once. A reference
 * model of counts says what each call must answer. Users are few and URLs distinct, so the caps are
 * reached within a short run.
 */

const step = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('create' as const), user: fc.integer({ min: 1, max: 12 }), burst: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), user: fc.integer({ min: 1, max: 12 }), count: fc.integer({ min: 1, max: 30 }) }) },
);

describe('webhook subscription caps', () => {
  it('hold over any sequence of creates and deletes, refusing exactly the calls past a cap', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 60 }), (steps) => {
        const registry = new SubscriptionRegistry(createFixedClock('2025-06-02T09:00:00Z'));
        const own = new Map<number, number[]>();
        let total = 0;
        let url = 0;
        for (const s of steps) {
          const mine = own.get(s.user) ?? [];
          own.set(s.user, mine);
          if (s.kind === 'create') {
            for (let i = 0; i < s.burst; i += 1) {
              const r = registry.create(s.user, subscriptionInput((url += 1)));
              const expected =
                mine.length >= SUBSCRIPTION_LIMITS.perUser ? 'webhook_user_limit'
                : total >= SUBSCRIPTION_LIMITS.total ? 'webhook_total_limit'
                : null;
              if (expected) {
                expect(r.ok).toBe(false);
                if (!r.ok) expect(r.error).toMatchObject({ code: expected });
              } else {
                expect(r.ok).toBe(true);
                if (r.ok) mine.push(r.value.id);
                total += 1;
              }
            }
          } else {
            for (const id of mine.splice(0, s.count)) {
              expect(registry.delete(s.user, id)).toBe(true);
              total -= 1;
            }
          }
          expect(registry.all()).toHaveLength(total);
          expect(total).toBeLessThanOrEqual(SUBSCRIPTION_LIMITS.total);
          expect(registry.list(s.user)).toHaveLength(mine.length);
          expect(mine.length).toBeLessThanOrEqual(SUBSCRIPTION_LIMITS.perUser);
        }
      }),
      { numRuns: 30 },
    );
  });
});
