import type { OmnitronEvent } from '../domain/events/event-bus.ts';
import { pythonJsonDumps } from './python-json.ts';
import type { AttemptRequest } from './send-attempt.ts';
import { EVENT_HEADER, SIGNATURE_HEADER, signBody } from './signature.ts';
import { DEFAULT_TIMEOUT_SECONDS } from './subscription-input.ts';
import type { Subscription } from './subscriptions.ts';

/**
 * What every attempt of one delivery sends, fixed once (DOMAIN.md §5, the library's
 * `WebhookClient`): the event as Python's `json.dumps` bytes; `Content-Type`,
 * `X-Whisperer-Event`, the signature of those bytes when the subscription has a key, then the
 * subscription's additional headers (the library applies them last, so they may replace the
 * others); the subscription's timeout and basic auth.
 */
export function deliveryRequest(sub: Subscription, event: OmnitronEvent): AttemptRequest {
  return attemptRequest(sub, event.event.type, deliveryBody(event));
}

/** The bytes every attempt of a delivery sends: kept with the queued delivery. */
export function deliveryBody(event: OmnitronEvent): Buffer {
  return Buffer.from(pythonJsonDumps(event), 'utf8');
}

/**
 * The request for one attempt, made as the attempt starts: a queued delivery keeps its body
 * only, since a copy of the subscription's headers in each of up to 10,000 queued deliveries
 * held gigabytes (a subscription's additional headers may fill a 1 MiB body).
 */
export function attemptRequest(sub: Subscription, eventType: string, body: Buffer): AttemptRequest {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    [EVENT_HEADER]: eventType,
  };
  if (sub.secret_key) headers[SIGNATURE_HEADER] = signBody(sub.secret_key, body);
  Object.assign(headers, sub.additional_headers);
  const auth = sub.config.auth as
    { auth_type?: unknown; username?: unknown; password?: unknown } | undefined;
  return {
    url: sub.target_url,
    headers,
    body,
    timeoutMs: (sub.config.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    basicAuth:
      auth?.auth_type === 'basic'
        ? { username: String(auth.username ?? ''), password: String(auth.password ?? '') }
        : undefined,
  };
}
