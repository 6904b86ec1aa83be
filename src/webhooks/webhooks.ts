import type { Hono, MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import type { EventBus } from '../domain/events/event-bus.ts';
import { EVENT_TYPES } from '../domain/events/event-bus.ts';
import type { Clock } from '../common/clock.ts';
import type { AppEnv } from '../http/env.ts';
import type { DeliverySource, DeliveryView } from './delivery-view.ts';
import type { Logger } from '../logger.ts';
import { deliveryLogRoutes } from './delivery-log-routes.ts';
import { DeliveryService, type DeliveryOptions } from './delivery-service.ts';
import { subscribeQuickPath } from './quick-path.ts';
import { SubscriptionRegistry, type Subscription } from './subscriptions.ts';

/**
 * The webhook side of the mock (issue 9) as `buildMock` wires it: the subscriptions the API
 * manages, the delivery service listening on the event bus, the admin delivery log, and what
 * the status page shows.
 */
export interface Webhooks extends DeliverySource {
  subscriptions: SubscriptionRegistry;
  delivery: DeliveryService;
  /** The quick-path subscription from `MOCK_WEBHOOK_URL`, once `start` made it; else null. */
  readonly quickPath: Subscription | null;
  /**
   * Subscribes the quick path (once; later calls do nothing). `serve` calls it only once the
   * port is listened on, so a busy port stops start-up before any subscription is made or logged.
   */
  start(): void;
  /** The admin route(s), built with the admin API's operation guard. */
  adminRoutes: (op: (operationId: string) => MiddlewareHandler<AppEnv>) => Hono<AppEnv>;
  /** Resolves once nothing is queued or being sent (retry countdowns may still wait). */
  idle(): Promise<void>;
  /** Stops listening and delivering; pending deliveries end `cancelled`. */
  close(): Promise<void>;
}

export interface WebhooksDeps {
  config: Config;
  /** The mock's clock: subscriptions' dates (objects). */
  clock: Clock;
  /**
   * Real time for the delivery log (default: the mock's clock): a moved mock clock must not
   * date an attempt before the one that came first. Retry countdowns run on the scheduler.
   */
  logClock?: Clock;
  logger: Logger;
  /** The bus to listen on; without one nothing is delivered (subscriptions still work). */
  events?: EventBus;
  options?: DeliveryOptions;
}

/**
 * Builds the subscriptions and the delivery service, and subscribes the service to every event
 * type the bus carries. The quick path waits for `start()` (its URL is checked by `buildMock`
 * before anything else).
 */
export function createWebhooks(deps: WebhooksDeps): Webhooks {
  const subscriptions = new SubscriptionRegistry(deps.clock);
  const delivery = new DeliveryService(
    subscriptions,
    deps.logClock ?? deps.clock,
    deps.logger,
    deps.options,
  );
  let quickPath: Subscription | null = null;
  let started = false;
  const stops = deps.events
    ? EVENT_TYPES.map((type) => deps.events!.subscribe(type, (e) => delivery.handle(e)))
    : [];
  return {
    subscriptions,
    delivery,
    get quickPath() {
      return quickPath;
    },
    start() {
      if (started) return;
      started = true;
      quickPath = subscribeQuickPath(deps.config, subscriptions, deps.logger);
    },
    adminRoutes: deliveryLogRoutes(delivery),
    idle: () => delivery.idle(),
    async close() {
      for (const stop of stops) stop();
      await delivery.close();
    },
    recentDeliveries(limit: number): DeliveryView[] {
      return delivery.log.query({ limit }).results.map((r) => {
        const last = r.attempts.at(-1);
        return {
          time: last?.at ?? r.created,
          event: r.event_type,
          url: r.target_url,
          status: last?.status ?? null,
          attempts: r.attempts.length,
          state: r.state,
        };
      });
    },
  };
}
