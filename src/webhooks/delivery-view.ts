/**
 * One webhook delivery as the status page shows it. The webhook issue provides these; only what
 * a person needs to see that a delivery happened is here — no body, no signature, no secret.
 */
export interface DeliveryView {
  /** When the (last) attempt was made, ISO 8601. */
  time: string;
  /** The event type, e.g. `cancellation_plan.created`. */
  event: string;
  /** The subscriber's URL; the page shows its origin and path only (a query may hold a key). */
  url: string;
  /** The subscriber's last HTTP status, or null when it could not be reached. */
  status: number | null;
  attempts: number;
  /** e.g. `delivered`, `retrying`, `failed`. */
  state: string;
}

/** What feeds the deliveries section; absent until webhooks exist (issue 9). */
export interface DeliverySource {
  /** Newest first, at most `limit`. */
  recentDeliveries(limit: number): DeliveryView[];
}
