import { Hono, type MiddlewareHandler } from 'hono';
import { MESSAGES } from '../domain/shared/filter-engine.ts';
import type { AppEnv } from '../http/env.ts';
import type { DeliveryState } from './delivery-log.ts';
import type { DeliveryService } from './delivery-service.ts';

const STATES: readonly DeliveryState[] = [
  'queued',
  'sending',
  'retrying',
  'delivered',
  'failed',
  'dropped',
  'cancelled',
];
const DEFAULT_LIMIT = 100;

/**
 * `GET /__mock/webhooks/deliveries` (admin, described in `specs/admin/admin.openapi.yaml`): the
 * newest deliveries with every attempt — when, the receiver's status or why there was none, how
 * long — and each one's state, plus the running totals (the queue-overflow count among them)
 * and what the queues hold now. No body, header or secret is shown.
 */
export function deliveryLogRoutes(
  service: DeliveryService,
): (op: (operationId: string) => MiddlewareHandler<AppEnv>) => Hono<AppEnv> {
  return (op) => {
    const app = new Hono<AppEnv>({ strict: true });
    app.get('/__mock/webhooks/deliveries', op('listMockWebhookDeliveries'), (c) => {
      const errors: Record<string, string[]> = {};
      const limitText = c.req.query('limit');
      const capacity = service.log.capacity;
      let limit = DEFAULT_LIMIT;
      if (limitText !== undefined) {
        if (!/^\d+$/.test(limitText)) errors.limit = ['A valid integer is required.'];
        else if (Number(limitText) < 1 || Number(limitText) > capacity)
          errors.limit = [`Ensure this value is between 1 and ${capacity}.`];
        else limit = Number(limitText);
      }
      const state = c.req.query('state');
      if (state !== undefined && !(STATES as readonly string[]).includes(state))
        errors.state = [MESSAGES.choice(state)];
      const subscriptionText = c.req.query('subscription');
      if (subscriptionText !== undefined && !/^\d+$/.test(subscriptionText))
        errors.subscription = [MESSAGES.int];
      if (Object.keys(errors).length > 0) return c.json(errors, 400);
      const eventUuid = c.req.query('event_uuid');
      const { count, results } = service.log.query({
        limit,
        ...(state !== undefined && { state }),
        ...(eventUuid !== undefined && { eventUuid }),
        ...(subscriptionText !== undefined && { subscription: Number(subscriptionText) }),
      });
      return c.json({
        count,
        capacity,
        counters: { ...service.log.counters },
        queue: service.queueStats(),
        results,
      });
    });
    return app;
  };
}
