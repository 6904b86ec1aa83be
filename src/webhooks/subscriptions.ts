import type { EventType } from '../domain/events/event-bus.ts';
import { fail, ok, rule, type Result } from '../domain/errors.ts';
import type { Clock } from '../common/clock.ts';
import type { IsoDateTime } from '../store/types.ts';
import { noteStoreWrite } from '../store/write-count.ts';
import type { SubscriptionInput } from './subscription-input.ts';

/** A webhook subscription: the library's `Webhook` model, minus `callback` (a Python path). */
export interface Subscription extends SubscriptionInput {
  id: number;
  /** The token's user; `(user, target_url, event_type)` is unique, as in the library. */
  user: number;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

/**
 * How many subscriptions the mock keeps (README "Limits"): each costs memory and, per event, a
 * delivery with its own queue, so 5,000 of them and a few dozen events took gigabytes.
 */
export const SUBSCRIPTION_LIMITS = { perUser: 100, total: 1_000 } as const;

/**
 * Every subscription of the mock, in memory. They live beside the store, not in it: they are
 * the mock's wiring to the outside world, so a reset, a reseed or a session does not drop them
 * (a QA run that resets between cases keeps its receiver), and every session's events reach
 * them. Records are replaced, never changed in place.
 */
export class SubscriptionRegistry {
  private readonly rows = new Map<number, Subscription>();
  private nextId = 1;
  private readonly removed: Array<(sub: Subscription) => void> = [];

  constructor(private readonly clock: Clock) {}

  /**
   * Registers a subscription; the same user, URL and event type twice is refused, and so is one
   * past `SUBSCRIPTION_LIMITS` (per user, then in all).
   */
  create(user: number, input: SubscriptionInput): Result<Subscription> {
    let own = 0;
    for (const s of this.rows.values()) {
      if (s.user !== user) continue;
      own += 1;
      if (s.target_url === input.target_url && s.event_type === input.event_type) {
        return fail(rule('webhook_100_2', input.event_type, input.target_url));
      }
    }
    if (own >= SUBSCRIPTION_LIMITS.perUser)
      return fail(rule('webhook_user_limit', SUBSCRIPTION_LIMITS.perUser));
    if (this.rows.size >= SUBSCRIPTION_LIMITS.total)
      return fail(rule('webhook_total_limit', SUBSCRIPTION_LIMITS.total));
    const at = this.clock.now();
    const sub: Subscription = {
      id: this.nextId++,
      user,
      ...input,
      created_date: at,
      modified_date: at,
    };
    this.rows.set(sub.id, sub);
    noteStoreWrite();
    return ok(sub);
  }

  /** The user's subscriptions, newest first (DOMAIN.md §1's default ordering). */
  list(user: number): Subscription[] {
    return [...this.rows.values()].filter((s) => s.user === user).sort((a, b) => b.id - a.id);
  }

  /** The user's subscription `id`, if it has one by that id (another user's is "not found"). */
  get(user: number, id: number): Subscription | undefined {
    const s = this.rows.get(id);
    return s && s.user === user ? s : undefined;
  }

  /** Removes the user's subscription `id`; false when there is none. Listeners hear of it. */
  delete(user: number, id: number): boolean {
    const s = this.get(user, id);
    if (!s) return false;
    this.rows.delete(id);
    noteStoreWrite();
    for (const listener of this.removed) listener(s);
    return true;
  }

  /** Active subscriptions to `type`, oldest first (the order their deliveries are queued in). */
  matching(type: EventType): Subscription[] {
    return [...this.rows.values()].filter((s) => s.is_active && s.event_type === type);
  }

  /** Every subscription, oldest first (status lines, tests). */
  all(): Subscription[] {
    return [...this.rows.values()];
  }

  /** Calls `listener` with each subscription removed from now on. */
  onRemove(listener: (sub: Subscription) => void): void {
    this.removed.push(listener);
  }
}
