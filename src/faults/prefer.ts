import type { Operation } from '../spec/load-specs.ts';
import { clipEcho } from '../domain/errors.ts';
import { MAX_LATENCY_MS } from './fault-rules.ts';

/**
 * Prism's per-request preferences, read from `Prefer` (RFC 7240): `code=404` answers that status,
 * `example=name` answers that named example of the operation's documented response,
 * `latency=800` waits that many milliseconds first. Several may be combined:
 * `Prefer: code=404, latency=200`.
 */
export interface Preferences {
  code: number | null;
  example: string | null;
  latency: number;
}

/** Parses `Prefer`; an unknown preference is ignored (RFC 7240), a malformed known one is an error. */
export function parsePrefer(
  header: string | undefined,
): { prefer: Preferences | null } | { error: string } {
  if (!header) return { prefer: null };
  const prefer: Preferences = { code: null, example: null, latency: 0 };
  let any = false;
  for (const part of header.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split('=');
    const key = rawKey!.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'code') {
      if (!/^\d{3}$/.test(value) || Number(value) < 200 || Number(value) > 599)
        return { error: `Prefer: code must be an HTTP status from 200 to 599, not "${clipEcho(value)}".` };
      prefer.code = Number(value);
    } else if (key === 'example') {
      if (value === '') return { error: 'Prefer: example needs a name.' };
      prefer.example = value;
    } else if (key === 'latency') {
      if (!/^\d+$/.test(value) || Number(value) > MAX_LATENCY_MS)
        return {
          error: `Prefer: latency must be a whole number of milliseconds up to ${MAX_LATENCY_MS}, not "${clipEcho(value)}".`,
        };
      prefer.latency = Number(value);
    } else continue;
    any = true;
  }
  return { prefer: any ? prefer : null };
}

/** What a preference makes the mock answer instead of the real handler. */
export type PreferredAnswer =
  | { kind: 'pass' }
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'error'; message: string };

/**
 * Resolves `code` and `example` against the matched operation's documented responses: a named
 * example must exist; `code` without an example answers the documented example for that status
 * when there is one, else Omnitron's (DRF's) body for the status. A 2xx `code` without an example
 * lets the real handler answer — live data is the best 2xx example the mock has — when it is the
 * handler's own status (`handlerStatuses`: the engine's plan, by operationId; else the lowest
 * documented 2xx); another documented 2xx without an example is refused, never passed on to
 * be answered with a status the client did not ask for.
 */
export function preferredAnswer(
  prefer: Preferences,
  op: Operation | undefined,
  method: string,
  handlerStatuses?: ReadonlyMap<string, number>,
): PreferredAnswer {
  if (prefer.code === null && prefer.example === null) return { kind: 'pass' };
  if (prefer.example !== null) {
    if (!op)
      return {
        kind: 'error',
        message: `Prefer: example=${clipEcho(prefer.example)}: no served operation matches this request.`,
      };
    const statuses =
      prefer.code !== null ? [String(prefer.code)] : Object.keys(op.responses).sort();
    for (const status of statuses) {
      const value = namedExample(op, status, prefer.example);
      if (value !== undefined) return { kind: 'answer', status: Number(status), body: value };
    }
    return {
      kind: 'error',
      message: `Prefer: example=${clipEcho(prefer.example)}: ${op.operationId} documents no example of that name${prefer.code !== null ? ` for ${prefer.code}` : ''}.`,
    };
  }
  const code = prefer.code!;
  const documented = op ? firstExample(op, String(code)) : undefined;
  if (documented !== undefined) return { kind: 'answer', status: code, body: documented };
  // A success is the real handler's to give, so only one the operation documents: `code=204` on a
  // retrieve passed to its 200, as if the preference had been honoured (Prism refuses it too).
  // And only the handler's own (an engine destroy's 204, a retrieve's or update's 200, else the
  // lowest documented 2xx): another one without an example is refused before the handler runs
  // (a write would otherwise happen and answer a status the client did not ask for).
  if (code < 300) {
    if (op && !(String(code) in op.responses))
      return { kind: 'error', message: `Prefer: code=${code}: ${op.operationId} documents no ${code} answer.` };
    const own = op ? (handlerStatuses?.get(op.operationId) ?? ownSuccess(op)) : code;
    if (own !== code)
      return { kind: 'error', message: `Prefer: code=${code}: ${op!.operationId} answers ${own} here, and documents no example for ${code} (name one with Prefer: example=…, or add one).` };
    return { kind: 'pass' };
  }
  return { kind: 'answer', status: code, body: defaultBody(code, method) };
}

/** The status a domain operation's handler answers on success: its lowest (for a domain operation, its one) documented 2xx. */
function ownSuccess(op: Operation): number {
  let own = Infinity;
  for (const status of Object.keys(op.responses)) {
    const n = Number(status);
    if (n >= 200 && n < 300 && n < own) own = n;
  }
  return own;
}

/** Omnitron's words for a status, where DRF has them; a plain detail otherwise. */
export function defaultBody(status: number, method: string): unknown {
  switch (status) {
    case 400:
      return { non_field_errors: ['Invalid data.'], code: 'invalid' };
    case 401:
      return { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' };
    case 403:
      return {
        detail: 'You do not have permission to perform this action.',
        code: 'permission_denied',
      };
    case 404:
      return { detail: 'Not found.', code: 'not_found' };
    case 405:
      return { detail: `Method "${clipEcho(method)}" not allowed.`, code: 'method_not_allowed' };
    case 429:
      return { detail: 'Request was throttled.', code: 'throttled' };
    case 500:
      return { detail: 'A server error occurred.', code: 'error' };
    case 503:
      return {
        detail: 'Service temporarily unavailable, try again later.',
        code: 'service_unavailable',
      };
    default:
      return { detail: `Status ${status} forced by the mock.`, code: 'mock_fault' };
  }
}

type MediaContent = { example?: unknown; examples?: Record<string, { value?: unknown }> };

function jsonContent(op: Operation, status: string): MediaContent | undefined {
  return op.responses[status]?.content?.['application/json'] as MediaContent | undefined;
}

function namedExample(op: Operation, status: string, name: string): unknown {
  const examples = jsonContent(op, status)?.examples;
  return examples && Object.hasOwn(examples, name) ? examples[name]!.value : undefined;
}

function firstExample(op: Operation, status: string): unknown {
  const content = jsonContent(op, status);
  if (!content) return undefined;
  if (content.example !== undefined) return content.example;
  const first = Object.values(content.examples ?? {})[0];
  return first?.value;
}
