import type { IsoDateTime } from '../store/types.ts';

/**
 * Where a delivery stands. `queued`: waiting for a free slot of its subscription; `sending`: an
 * attempt is out; `retrying`: the countdown to the next attempt runs; `delivered` (a 2xx),
 * `failed` (every attempt used), `dropped` (its subscription's queue was full) and `cancelled`
 * (its subscription was deleted, or the mock stopped) are final.
 */
export type DeliveryState =
  'queued' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'dropped' | 'cancelled';

export const FINAL_STATES: ReadonlySet<DeliveryState> = new Set([
  'delivered',
  'failed',
  'dropped',
  'cancelled',
]);

/** One attempt: when, what came back, how long it took. */
export interface AttemptRecord {
  attempt: number;
  at: IsoDateTime;
  /** The receiver's HTTP status; null when none came (refused, reset, timed out). */
  status: number | null;
  error: string | null;
  duration_ms: number;
  /** The start of the receiver's answer. */
  response: string;
}

/** One event on its way to one subscription — the library's `WebhookEvent`, with every attempt. */
export interface DeliveryRecord {
  id: number;
  event_type: string;
  /** The event's uuid: the same in every attempt, so receivers can de-duplicate. */
  event_uuid: string;
  /** The pk of the object the event is about (the plan). */
  object_id: number | null;
  subscription: number;
  /** The target without user info or query values (either may hold a key). */
  target_url: string;
  state: DeliveryState;
  attempts: AttemptRecord[];
  max_attempts: number;
  created: IsoDateTime;
  next_attempt_at: IsoDateTime | null;
  finished: IsoDateTime | null;
}

/** Running totals since start: what the log's ring may have forgotten, these still count. */
export interface DeliveryCounters {
  events: number;
  deliveries: number;
  attempts: number;
  delivered: number;
  failed: number;
  /** Deliveries refused because their subscription's queue was full (each also logged). */
  dropped: number;
  cancelled: number;
}

export const DEFAULT_LOG_CAPACITY = 1000;

/**
 * The newest deliveries, in a ring (the oldest is forgotten first), and the totals. The service
 * updates a record as its delivery moves on; readers get copies.
 */
export class DeliveryLog {
  private readonly records = new Map<number, DeliveryRecord>();
  private nextId = 1;
  readonly counters: DeliveryCounters = {
    events: 0,
    deliveries: 0,
    attempts: 0,
    delivered: 0,
    failed: 0,
    dropped: 0,
    cancelled: 0,
  };

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {}

  /** Starts a record; the caller keeps it and moves it on with `update`. */
  open(
    fields: Omit<DeliveryRecord, 'id' | 'attempts' | 'next_attempt_at' | 'finished'>,
  ): DeliveryRecord {
    const record: DeliveryRecord = {
      id: this.nextId++,
      ...fields,
      attempts: [],
      next_attempt_at: null,
      finished: null,
    };
    this.records.set(record.id, record);
    this.counters.deliveries += 1;
    if (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
    return record;
  }

  /** Moves a record on; a final state counts once. */
  update(
    record: DeliveryRecord,
    patch: Partial<Pick<DeliveryRecord, 'state' | 'next_attempt_at' | 'finished'>>,
  ): void {
    const wasFinal = FINAL_STATES.has(record.state);
    Object.assign(record, patch);
    if (!wasFinal && FINAL_STATES.has(record.state)) {
      const key = record.state as 'delivered' | 'failed' | 'dropped' | 'cancelled';
      this.counters[key] += 1;
    }
  }

  addAttempt(record: DeliveryRecord, attempt: AttemptRecord): void {
    record.attempts.push(attempt);
    this.counters.attempts += 1;
  }

  /** Newest first, filtered, at most `limit`; `count` is how many match in the ring. */
  query(options: { limit: number; state?: string; eventUuid?: string; subscription?: number }): {
    count: number;
    results: DeliveryRecord[];
  } {
    const matching = [...this.records.values()]
      .reverse()
      .filter(
        (r) =>
          (options.state === undefined || r.state === options.state) &&
          (options.eventUuid === undefined || r.event_uuid === options.eventUuid) &&
          (options.subscription === undefined || r.subscription === options.subscription),
      );
    return { count: matching.length, results: matching.slice(0, options.limit).map(copy) };
  }

  /** Every record in the ring, oldest first (copies). */
  all(): DeliveryRecord[] {
    return [...this.records.values()].map(copy);
  }
}

function copy(r: DeliveryRecord): DeliveryRecord {
  return { ...r, attempts: r.attempts.map((a) => ({ ...a })) };
}
