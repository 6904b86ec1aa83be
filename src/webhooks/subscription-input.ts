import { FRAMING_HEADERS, HEADER_NAME, LATIN1_VALUE } from '../common/header-rules.ts';
import { EVENT_TYPES, type EventType } from '../domain/events/event-bus.ts';
import { clipEcho, FIELD_MESSAGES, fail, ok, type ErrorDetail, type Result } from '../domain/errors.ts';
import {
  booleanField,
  choiceField,
  nullableCharField,
  readFields,
  type FieldReader,
} from '../domain/shared/drf-fields.ts';
import { pythonTypeName, readDict } from '../domain/shared/drf-input.ts';
import { hostAllowed, notAllowedMessage } from './allow-list.ts';
import { DEFAULT_COUNTDOWN, readCountdownConfig, type RetryCountdownConfig } from './countdown.ts';

/** What a subscription is made of once its body is read (DOMAIN.md §5). */
export interface SubscriptionInput {
  event_type: EventType;
  target_url: string;
  /** null: deliveries are not signed (the library signs only when a key is set). */
  secret_key: string | null;
  is_active: boolean;
  retry_countdown_config: RetryCountdownConfig;
  additional_headers: Record<string, string>;
  config: SubscriptionConfig;
}

/**
 * The library's free-form `config`: `timeout` (seconds per attempt, the mock's reading of
 * DOMAIN.md §5) and `auth` (`{"auth_type": "basic", "username", "password"}`, the library's
 * HTTP basic auth) are used; other keys are kept as given.
 */
export type SubscriptionConfig = Record<string, unknown> & { timeout?: number };

/** Webhook timeouts, in seconds: the default, and the range `config.timeout` may take. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
export const MIN_TIMEOUT_SECONDS = 0.01;
export const MAX_TIMEOUT_SECONDS = 60;

/** The model's `max_length`s. */
const MAX_URL = 255;
const MAX_SECRET = 124;

/**
 * The most a subscription's additional headers may take on the wire (`Name: value` and its line
 * end, each): beside the mock's own headers this stays inside the 16 KiB a Node receiver reads
 * (the mock's `receive` too), and every attempt in flight carries a copy (issue 19's budget).
 */
export const MAX_ADDITIONAL_HEADER_BYTES = 8192;

/** Headers the HTTP client owns: a subscription may not set them. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(['host', 'expect', ...FRAMING_HEADERS]);

export const SUBSCRIPTION_MESSAGES = {
  invalidUrl: 'Enter a valid URL.',
  notADict: 'Enter a JSON object.',
  headerName: (name: string) => `"${clipEcho(name)}" is not a valid header name.`,
  headerValue: (name: string) => `The value of "${clipEcho(name)}" must be a string without line breaks.`,
  /** A value Node's HTTP client refuses to send: every delivery of the subscription would fail. */
  headerCharacter: (name: string) =>
    `The value of "${clipEcho(name)}" has a character a header cannot carry (a control character, or one beyond Latin-1).`,
  reservedHeader: (name: string) => `"${clipEcho(name)}" is set by the HTTP client and cannot be given.`,
  tooManyHeaderBytes: `Ensure the headers take no more than ${MAX_ADDITIONAL_HEADER_BYTES} bytes in all (a receiver reads at most 16 KiB of them).`,
  number: 'A valid number is required.',
} as const;

/**
 * Reads a create body as the library's `WebhookSerializer` would, plus the mock's guard rails:
 * every field error at once, DRF's words where DRF has them; `target_url` must be an absolute
 * http(s) URL whose host `MOCK_WEBHOOK_ALLOW` lists. Unknown keys (`id`, `callback`, …) are
 * ignored, as DRF ignores them.
 */
export function readSubscriptionInput(
  body: unknown,
  allow: readonly string[],
): Result<SubscriptionInput> {
  const dict = readDict(body);
  if (!dict.ok) return dict;
  const readers = {
    event_type: choiceField(EVENT_TYPES),
    target_url: nullableCharField({
      allowBlank: false,
      validate: (url) => targetUrlProblem(url, allow),
    }),
    secret_key: nullableCharField({
      allowBlank: true,
      validate: (s) => (s.length > MAX_SECRET ? FIELD_MESSAGES.maxLength(MAX_SECRET) : null),
    }),
    is_active: booleanField,
    retry_countdown_config: readCountdownConfig as FieldReader<RetryCountdownConfig>,
    additional_headers: readHeaders,
    config: readConfig,
  };
  const read = readFields(dict.value, readers, (f) => f === 'event_type' || f === 'target_url');
  if ('errors' in read) return fail({ kind: 'field', errors: read.errors });
  const v = read.values;
  if (v.target_url === null || v.target_url === undefined) {
    return fail({ kind: 'field', errors: { target_url: [FIELD_MESSAGES.null] } });
  }
  // Basic auth goes out as one more header (`Authorization: Basic <base64>`): it shares the budget.
  const auth = v.config?.auth as { auth_type?: unknown; username?: unknown; password?: unknown } | undefined;
  if (auth?.auth_type === 'basic') {
    const basic = 'Authorization: Basic '.length + 2 + Buffer.from(`${String(auth.username ?? '')}:${String(auth.password ?? '')}`).toString('base64').length;
    if (headerBytes(v.additional_headers ?? {}) + basic > MAX_ADDITIONAL_HEADER_BYTES)
      return fail({ kind: 'field', errors: { config: { auth: [SUBSCRIPTION_MESSAGES.tooManyHeaderBytes] } } });
  }
  return ok({
    event_type: v.event_type!,
    target_url: v.target_url,
    secret_key: v.secret_key ? v.secret_key : null,
    is_active: v.is_active ?? true,
    retry_countdown_config: v.retry_countdown_config ?? DEFAULT_COUNTDOWN,
    additional_headers: v.additional_headers ?? {},
    config: v.config ?? {},
  });
}

/** Why `url` cannot be a webhook target, or null. Shared with the quick path (`--webhook-url`). */
export function targetUrlProblem(url: string, allow: readonly string[]): string | null {
  if (url.length > MAX_URL) return FIELD_MESSAGES.maxLength(MAX_URL);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return SUBSCRIPTION_MESSAGES.invalidUrl;
  }
  if (
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    parsed.hostname === '' ||
    /\s/.test(url)
  ) {
    return SUBSCRIPTION_MESSAGES.invalidUrl;
  }
  return hostAllowed(parsed.hostname, allow) ? null : notAllowedMessage(parsed.hostname, allow);
}

function headerBytes(headers: Record<string, string>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) bytes += name.length + value.length + 4;
  return bytes;
}

const readHeaders: FieldReader<Record<string, string>> = (raw) => {
  if (raw === null) return { error: [FIELD_MESSAGES.null] };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { error: [SUBSCRIPTION_MESSAGES.notADict] };
  const problems: string[] = [];
  const headers: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    bytes += name.length + (typeof value === 'string' ? value.length : 0) + 4;
    if (bytes > MAX_ADDITIONAL_HEADER_BYTES) return { error: [SUBSCRIPTION_MESSAGES.tooManyHeaderBytes] };
    if (!HEADER_NAME.test(name)) problems.push(SUBSCRIPTION_MESSAGES.headerName(name));
    else if (RESERVED_HEADERS.has(name.toLowerCase()))
      problems.push(SUBSCRIPTION_MESSAGES.reservedHeader(name));
    else if (typeof value !== 'string' || /[\r\n\0]/.test(value))
      problems.push(SUBSCRIPTION_MESSAGES.headerValue(name));
    else if (!LATIN1_VALUE.test(value))
      problems.push(SUBSCRIPTION_MESSAGES.headerCharacter(name));
    else headers[name] = value;
  }
  return problems.length > 0 ? { error: problems } : { value: headers };
};

const readConfig: FieldReader<SubscriptionConfig> = (raw) => {
  if (raw === null) return { error: [FIELD_MESSAGES.null] };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { error: [SUBSCRIPTION_MESSAGES.notADict] };
  const config = { ...(raw as Record<string, unknown>) };
  const errors: Record<string, ErrorDetail> = {};
  if (config.timeout !== undefined) {
    const t = config.timeout;
    if (
      t === null ||
      typeof t === 'boolean' ||
      (typeof t !== 'number' && !(typeof t === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(t)))
    ) {
      errors.timeout = [SUBSCRIPTION_MESSAGES.number];
    } else {
      const n = Number(t);
      if (n < MIN_TIMEOUT_SECONDS) errors.timeout = [FIELD_MESSAGES.minValue(MIN_TIMEOUT_SECONDS)];
      else if (n > MAX_TIMEOUT_SECONDS)
        errors.timeout = [FIELD_MESSAGES.maxValue(MAX_TIMEOUT_SECONDS)];
      else config.timeout = n;
    }
  }
  if (
    config.auth !== undefined &&
    config.auth !== null &&
    (typeof config.auth !== 'object' || Array.isArray(config.auth))
  ) {
    errors.auth = { non_field_errors: [FIELD_MESSAGES.notADict(pythonTypeName(config.auth))] };
  }
  return Object.keys(errors).length > 0
    ? { error: errors }
    : { value: config as SubscriptionConfig };
};
