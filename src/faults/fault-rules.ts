import { clipEcho, FIELD_MESSAGES } from '../domain/errors.ts';
import { ASCII_VALUE, FRAMING_HEADERS, HEADER_NAME } from '../common/header-rules.ts';
import { compilePathGlob, type PathGlob } from './path-glob.ts';

/**
 * Fault rules (`/__mock/faults`): "answer this status", "add this latency" or "drop the
 * connection" for requests whose method and path match, optionally with a probability and a
 * count after which the rule retires. A rule created with `X-Mock-Session` applies to that
 * session's requests only, so parallel suites cannot break each other.
 */
export interface FaultRule {
  id: number;
  /** An HTTP method, or `*` for any. */
  method: string;
  /** A path pattern: `*` matches within one segment, `**` across segments; the query is ignored. */
  path: string;
  /** The chance (0 < p ≤ 1) that a matching request is faulted. */
  probability: number;
  /** How many more times the rule fires before it retires; null: no limit. */
  remaining: number | null;
  /** Answer this status (with `body` and `headers`) instead of the real one. */
  status: number | null;
  /** null: Omnitron's body for the status (`prefer.ts` `defaultBody`). */
  body: unknown;
  headers: Record<string, string>;
  /** Wait this long first (then answer `status`, or the real answer). */
  latency_ms: number;
  /** Close the connection without an answer. */
  drop: boolean;
  session: string | null;
  hits: number;
  created: string;
}

export type RuleInput = Omit<FaultRule, 'id' | 'session' | 'hits' | 'created'>;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '*'];
const FIELDS = new Set([
  'method',
  'path',
  'probability',
  'count',
  'status',
  'body',
  'headers',
  'latency_ms',
  'drop',
]);
/** A minute: long enough to trip any client timeout, short enough not to wedge a test run. */
export const MAX_LATENCY_MS = 60_000;

/** Reads a rule body the way DRF validates: every problem named under its field. */
export function readRule(
  body: unknown,
): { rule: RuleInput } | { errors: Record<string, string[]> } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { errors: { non_field_errors: ['Invalid data. Expected a dictionary.'] } };
  }
  const b = body as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const bad = (field: string, message: string) => void (errors[field] = [message]);
  for (const key of Object.keys(b))
    if (!FIELDS.has(key)) bad(clipEcho(key), `Unknown field; a rule takes ${[...FIELDS].join(', ')}.`);

  const method =
    b.method === undefined ? '*' : typeof b.method === 'string' ? b.method.toUpperCase() : null;
  if (method === null || !METHODS.includes(method))
    bad('method', FIELD_MESSAGES.invalidChoice(b.method));
  const path = b.path;
  if (path === undefined) bad('path', FIELD_MESSAGES.required);
  else if (typeof path !== 'string' || !path.startsWith('/') || path.length > 500)
    bad('path', 'Must be a path pattern starting with "/".');
  else if (path.startsWith('/__mock')) bad('path', 'Admin routes (/__mock/) cannot be faulted.');
  const probability = b.probability ?? 1;
  if (typeof probability !== 'number' || !(probability > 0 && probability <= 1))
    bad('probability', 'Must be a number greater than 0 and at most 1.');
  const count = b.count ?? null;
  if (count !== null && !(Number.isSafeInteger(count) && (count as number) >= 1))
    bad('count', FIELD_MESSAGES.minValue(1));
  const status = b.status ?? null;
  if (
    status !== null &&
    !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)
  )
    bad('status', 'Must be an HTTP status from 200 to 599.');
  const latency = b.latency_ms ?? 0;
  if (!(
    Number.isInteger(latency) &&
    (latency as number) >= 0 &&
    (latency as number) <= MAX_LATENCY_MS
  ))
    bad('latency_ms', `Must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}.`);
  const drop = b.drop ?? false;
  if (typeof drop !== 'boolean') bad('drop', 'Must be a boolean.');
  const headers = b.headers ?? {};
  if (
    typeof headers !== 'object' ||
    headers === null ||
    Array.isArray(headers) ||
    !Object.entries(headers).every(
      ([k, v]) => typeof v === 'string' && HEADER_NAME.test(k),
    )
  ) {
    bad('headers', 'Must be an object of header names to string values.');
  } else {
    const refused = refusedHeader(headers as Record<string, string>);
    if (refused) bad('headers', refused);
  }
  if (b.body !== undefined && status === null) bad('body', 'A body needs a status.');
  if (b.headers !== undefined && status === null) bad('headers', 'Headers need a status.');
  if (drop === true && status !== null)
    bad('drop', 'A dropped connection has no status; give one or the other.');
  if (Object.keys(errors).length === 0 && status === null && drop !== true && latency === 0) {
    return { errors: { non_field_errors: ['A rule needs a status, a latency_ms or drop: true.'] } };
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    rule: {
      method: method!,
      path: path as string,
      probability: probability as number,
      remaining: count as number | null,
      status: status as number | null,
      body: b.body ?? null,
      headers: headers as Record<string, string>,
      latency_ms: latency as number,
      drop: drop as boolean,
    },
  };
}

/**
 * Why a rule's headers cannot be sent, or null (`common/header-rules.ts`). A value Node cannot
 * write (CR, LF, another control character, a character beyond Latin-1 such as `ş`) used to be
 * accepted and then broke every matching request: a 400 "Malformed HTTP request." or a text/plain
 * 500 naming Node's error; a Latin-1 letter went out as UTF-8 beside the JSON body, so values are
 * ASCII. A rule's `Content-Length: 5` over a longer body sent bytes past the declared end on the
 * keep-alive connection: Node's HTTP client failed on them with a parse error.
 */
function refusedHeader(headers: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(headers)) {
    if (FRAMING_HEADERS.has(name.toLowerCase())) {
      return `Header "${clipEcho(name)}" frames the answer and is written by the mock; a rule cannot set it.`;
    }
    if (!ASCII_VALUE.test(value)) {
      return `Header "${clipEcho(name)}" has a character a header value cannot carry as written (CR, LF, another control character, or one beyond ASCII).`;
    }
  }
  return null;
}

/**
 * The rules in force, first created first matched. `random` decides probabilities: injected, so
 * tests are deterministic.
 */
export class FaultRules {
  #rules: Array<FaultRule & { matcher: PathGlob }> = [];
  #nextId = 1;

  constructor(private readonly random: () => number) {}

  /** How many rules are in force: none is the common case, and the request path skips `fire`. */
  get size(): number {
    return this.#rules.length;
  }

  add(input: RuleInput, session: string | null, created: string): FaultRule {
    const rule = {
      id: this.#nextId++,
      ...input,
      session,
      hits: 0,
      created,
      matcher: compilePathGlob(input.path),
    };
    this.#rules.push(rule);
    return publicRule(rule);
  }

  /** The rule that fires for this request (and counts the firing), or null. */
  fire(method: string, path: string, session: string | null): FaultRule | null {
    for (const rule of this.#rules) {
      if (rule.session !== null && rule.session !== session) continue;
      if (rule.method !== '*' && rule.method !== method) continue;
      if (!rule.matcher.test(path)) continue;
      if (rule.probability < 1 && this.random() >= rule.probability) continue;
      rule.hits += 1;
      if (rule.remaining !== null) {
        rule.remaining -= 1;
        if (rule.remaining === 0) this.#rules = this.#rules.filter((r) => r !== rule);
      }
      return publicRule(rule);
    }
    return null;
  }

  /** Every rule, or a session's only. */
  list(session?: string): FaultRule[] {
    return this.#rules
      .filter((r) => session === undefined || r.session === session)
      .map(publicRule);
  }

  delete(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length < before;
  }

  /** Removes every rule, or a session's only; answers how many. */
  clear(session?: string): number {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => session !== undefined && r.session !== session);
    return before - this.#rules.length;
  }
}

function publicRule(rule: FaultRule & { matcher?: PathGlob }): FaultRule {
  const { matcher: _matcher, ...rest } = rule;
  return { ...rest };
}
