import { newEventUuid, type OmnitronEvent } from '../domain/events/event-bus.ts';
import type { Clock } from '../common/clock.ts';
import { formatIso } from '../common/dates.ts';
import type { Logger } from '../logger.ts';
import { countdownSeconds } from './countdown.ts';
import { DeliveryLog, DEFAULT_LOG_CAPACITY, type DeliveryRecord } from './delivery-log.ts';
import { realScheduler, type Scheduler } from './scheduler.ts';
import { attemptRequest, deliveryBody } from './delivery-request.ts';
import {
  sendAttempt,
  type AttemptOutcome,
  type InFlightAttempt,
} from './send-attempt.ts';
import { redactUrl } from './serialize-subscription.ts';
import type { Subscription, SubscriptionRegistry } from './subscriptions.ts';

/** Knobs of delivery; the defaults are DOMAIN.md §5's and the mock's documented limits. */
export interface DeliveryOptions {
  /** Where retry countdowns wait (tests pass a manual one). */
  scheduler?: Scheduler;
  /** For the `random` countdown. */
  random?: () => number;
  /** Deliveries one subscription may hold that are not final yet (queued, sending, retrying). */
  maxQueue?: number;
  /** The same over all subscriptions (1,000 of 1,000 each would be a million). */
  maxPending?: number;
  /** Attempts one subscription may have out at once. */
  concurrency?: number;
  /** Attempts per delivery, the first included (DOMAIN.md §5: at most 10). */
  maxAttempts?: number;
  logCapacity?: number;
}

export const DELIVERY_DEFAULTS = { maxQueue: 1000, maxPending: 10_000, concurrency: 4, maxAttempts: 10 };

/** A countdown is the client's integer: a retry due past what a date holds is logged at this instant. */
const LATEST_LOGGED_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** One delivery on its way: its record, and the exact bytes every attempt sends. */
interface Pending {
  record: DeliveryRecord;
  sub: Subscription;
  eventType: string;
  body: Buffer;
}

/** One subscription's own queue: a dead receiver fills its lane, never another's. */
interface Lane {
  ready: Pending[];
  inFlight: Set<InFlightAttempt>;
  waiting: Map<Pending, () => void>;
  removed: boolean;
}

/**
 * Delivers events to subscriptions as Omnitron's webhook library does (DOMAIN.md §5), without
 * ever touching the API call that published them: `handle` only notes the event, and the work
 * starts on a later turn of the event loop. Each subscription has its own bounded lane, with a
 * few attempts out at once; a failed attempt waits for the subscription's countdown on the
 * injected scheduler and is sent again — same bytes, same uuid — until a 2xx or the tenth try.
 */
export class DeliveryService {
  readonly log: DeliveryLog;
  private readonly lanes = new Map<number, Lane>();
  private readonly inbox: Array<{ event: OmnitronEvent; subs: Subscription[] }> = [];
  private kicked = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly scheduler: Scheduler;
  private readonly opts: Required<Omit<DeliveryOptions, 'scheduler' | 'logCapacity'>>;

  constructor(
    private readonly subscriptions: SubscriptionRegistry,
    /** Stamps the delivery log (real time in a running mock); countdowns run on the scheduler. */
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: DeliveryOptions = {},
  ) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.opts = {
      random: options.random ?? Math.random,
      maxQueue: options.maxQueue ?? DELIVERY_DEFAULTS.maxQueue,
      maxPending: options.maxPending ?? DELIVERY_DEFAULTS.maxPending,
      concurrency: options.concurrency ?? DELIVERY_DEFAULTS.concurrency,
      maxAttempts: options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts,
    };
    this.log = new DeliveryLog(options.logCapacity ?? DEFAULT_LOG_CAPACITY);
    subscriptions.onRemove((sub) => this.removeLane(sub));
  }

  /**
   * The bus listener. Synchronous and cheap: it picks the subscriptions the event goes to (those
   * active now) and defers everything else, so the approval that published answers first.
   */
  handle(event: OmnitronEvent): void {
    if (this.closed) return;
    this.log.counters.events += 1;
    const subs = this.subscriptions.matching(event.event.type);
    if (subs.length === 0) return;
    this.inbox.push({ event, subs });
    if (!this.kicked) {
      this.kicked = true;
      setImmediate(() => this.drainInbox());
    }
  }

  /** Resolves once nothing is queued or out (countdowns may still wait on the scheduler). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Queue sizes right now, over every lane. */
  queueStats(): {
    queued: number;
    sending: number;
    retrying: number;
    max_per_subscription: number;
    max_in_all: number;
    concurrency_per_subscription: number;
  } {
    let queued = 0;
    let sending = 0;
    let retrying = 0;
    for (const lane of this.lanes.values()) {
      queued += lane.ready.length;
      sending += lane.inFlight.size;
      retrying += lane.waiting.size;
    }
    return {
      queued,
      sending,
      retrying,
      max_per_subscription: this.opts.maxQueue,
      max_in_all: this.opts.maxPending,
      concurrency_per_subscription: this.opts.concurrency,
    };
  }

  /** Stops: countdowns cancelled, attempts out aborted, what was not final is `cancelled`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) this.cancelLane(lane, 'the mock stopped');
    await this.idle();
  }

  private drainInbox(): void {
    this.kicked = false;
    // Nothing settles while this loop runs (attempts finish on later turns), so one count will do.
    const stats = this.queueStats();
    const pending = { count: stats.queued + stats.sending + stats.retrying };
    for (const { event, subs } of this.inbox.splice(0)) {
      if (this.closed) break;
      subs.forEach((sub, i) => {
        // One uuid per (event, subscription), as the library's `WebhookEvent` has: the first
        // subscription carries the bus event's own, each other one a fresh one.
        const own = i === 0 ? event : { ...event, event: { ...event.event, uuid: newEventUuid() } };
        this.enqueue(sub, own, pending);
      });
    }
    this.checkIdle();
  }

  private enqueue(sub: Subscription, event: OmnitronEvent, pending: { count: number }): void {
    let lane = this.lanes.get(sub.id);
    if (lane?.removed) return;
    if (!lane) {
      lane = { ready: [], inFlight: new Set(), waiting: new Map(), removed: false };
      this.lanes.set(sub.id, lane);
    }
    const pk = (event.payload as { pk?: unknown }).pk;
    const record = this.log.open({
      event_type: event.event.type,
      event_uuid: event.event.uuid,
      object_id: typeof pk === 'number' ? pk : null,
      subscription: sub.id,
      target_url: redactUrl(sub.target_url),
      state: 'queued',
      max_attempts: this.opts.maxAttempts,
      created: this.clock.now(),
    });
    const full =
      lane.ready.length + lane.inFlight.size + lane.waiting.size >= this.opts.maxQueue
        ? `subscription ${sub.id} (${record.target_url}) already holds ${this.opts.maxQueue} deliveries`
        : pending.count >= this.opts.maxPending
          ? `all subscriptions together already hold ${this.opts.maxPending} deliveries`
          : null;
    if (full !== null) {
      this.log.update(record, { state: 'dropped', finished: this.clock.now() });
      this.logger.warn(
        `webhook queue full: ${full}; ${event.event.type} ${event.event.uuid} dropped (${this.log.counters.dropped} dropped so far)`,
      );
      return;
    }
    pending.count += 1;
    lane.ready.push({ record, sub, eventType: event.event.type, body: deliveryBody(event) });
    this.pump(lane);
  }

  private pump(lane: Lane): void {
    while (
      !this.closed &&
      !lane.removed &&
      lane.inFlight.size < this.opts.concurrency &&
      lane.ready.length > 0
    ) {
      this.start(lane, lane.ready.shift()!);
    }
  }

  private start(lane: Lane, p: Pending): void {
    this.log.update(p.record, { state: 'sending', next_attempt_at: null });
    const at = this.clock.now();
    const attempt = sendAttempt(attemptRequest(p.sub, p.eventType, p.body));
    lane.inFlight.add(attempt);
    void attempt.done.then((outcome) => {
      lane.inFlight.delete(attempt);
      this.settle(lane, p, at, outcome);
      this.pump(lane);
      this.checkIdle();
    });
  }

  private settle(lane: Lane, p: Pending, at: string, outcome: AttemptOutcome): void {
    const { record } = p;
    const n = record.attempts.length + 1;
    this.log.addAttempt(record, {
      attempt: n,
      at,
      status: outcome.status,
      error: outcome.error,
      duration_ms: outcome.durationMs,
      response: outcome.responseExcerpt,
    });
    const what = `${record.event_type} ${record.event_uuid} → ${record.target_url}`;
    const answer = outcome.status === null ? outcome.error : `HTTP ${outcome.status}`;
    if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
      this.log.update(record, { state: 'delivered', finished: this.clock.now() });
      this.logger.info(`webhook delivered: ${what} (${answer}, attempt ${n})`);
    } else if (this.closed || lane.removed) {
      this.log.update(record, { state: 'cancelled', finished: this.clock.now() });
    } else if (n < this.opts.maxAttempts) {
      const delayMs =
        countdownSeconds(p.sub.retry_countdown_config, n - 1, this.opts.random) * 1000;
      this.log.update(record, {
        state: 'retrying',
        next_attempt_at: formatIso(new Date(Math.min(this.clock.nowMs() + delayMs, LATEST_LOGGED_MS)), 0),
      });
      this.logger.info(
        `webhook attempt ${n}/${this.opts.maxAttempts} failed: ${what} (${answer}); next in ${delayMs / 1000} s`,
      );
      lane.waiting.set(
        p,
        this.scheduler.schedule(delayMs, () => {
          lane.waiting.delete(p);
          if (lane.removed || this.closed) return;
          lane.ready.push(p);
          this.pump(lane);
        }),
      );
    } else {
      this.log.update(record, { state: 'failed', finished: this.clock.now() });
      this.logger.warn(`webhook delivery failed after ${n} attempts: ${what} (last: ${answer})`);
    }
  }

  private removeLane(sub: Subscription): void {
    const lane = this.lanes.get(sub.id);
    // The lane stays (ids are never reused): an attempt still out settles into it as cancelled.
    if (lane) this.cancelLane(lane, `subscription ${sub.id} was deleted`);
  }

  /** Ends a lane: waiting and queued deliveries are cancelled now, attempts out are aborted. */
  private cancelLane(lane: Lane, why: string): void {
    lane.removed = true;
    const now = this.clock.now();
    for (const [p, cancel] of lane.waiting) {
      cancel();
      this.log.update(p.record, { state: 'cancelled', finished: now, next_attempt_at: null });
    }
    lane.waiting.clear();
    for (const p of lane.ready.splice(0))
      this.log.update(p.record, { state: 'cancelled', finished: now });
    if (this.closed) for (const attempt of lane.inFlight) attempt.abort();
    this.logger.debug(`webhook deliveries cancelled: ${why}`);
    this.checkIdle();
  }

  private isIdle(): boolean {
    if (this.inbox.length > 0 || this.kicked) return false;
    for (const lane of this.lanes.values())
      if (lane.ready.length > 0 || lane.inFlight.size > 0) return false;
    return true;
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
