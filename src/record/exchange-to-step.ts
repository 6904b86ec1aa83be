import { pointerSegments } from '../contracts/json-pointer.ts';
import type { PlaceholderKind } from '../contracts/placeholders.ts';
import type { Step, StepMethod } from '../contracts/scenario.ts';
import { decodedBytes, isJsonMediaType, mediaType, parseJson, type Exchange } from './exchange.ts';
import { pathSegmentHint, resourceOf } from './id-hints.ts';
import { encodeAroundTemplates, redactFormBody, redactJsonBody, redactQueryValue, type FieldContext } from './redact-fields.ts';
import type { Redactor } from './redactor.ts';
import type { ScenarioCaptures } from './scenario-captures.ts';
import { kindOfHeader } from './secret-kinds.ts';

export interface StepContext {
  redactor: Redactor;
  /** The answers of the scenario this exchange joins. */
  captures: ScenarioCaptures;
  /** Extra request headers to record (lower case); only Authorization and Content-Type otherwise. */
  keepHeaders: readonly string[];
  /** Bytes of a body decoded at most (as the proxy's cap). */
  maxBodyBytes: number;
}

export interface RecordedStep {
  step: Step;
  seq: number;
  /** What the console line adds: ids kept as sent, bodies left out. */
  notes: string[];
  /** Placeholders this step wrote. */
  placeholders: number;
}

/**
 * Turns a completed exchange into a scenario step in the harness's format, with every secret a
 * placeholder and every id an earlier answer gave a capture; then learns from its answer (secrets
 * to watch for, ids to capture) for the steps after it. The answer itself is never stored: the
 * format keeps only its status (the parsed answer is handed back for the caller to look at and drop).
 */
export function exchangeToStep(ex: Exchange, ctx: StepContext): { recorded: RecordedStep; answer: unknown } {
  const { redactor, captures } = ctx;
  const before = redactor.replaced;
  const notes: string[] = [];
  const q = ex.url.indexOf('?');
  const rawPath = q < 0 ? ex.url : ex.url.slice(0, q);
  const unsafe = (pointer: string) => pointerSegments(pointer).some((s) => redactor.holdsSecret(s));
  const fields: FieldContext = {
    redactor, resource: resourceOf(rawPath), hardCoded: [],
    captureId: (value, hint) => captures.idFor(value, hint, ex.startedAt, unsafe),
  };
  const request: Step['request'] = { method: ex.method as StepMethod, path: redactPath(rawPath, fields) };
  if (q >= 0 && ex.url.length > q + 1) {
    const query: Record<string, string> = {};
    // `URLSearchParams` drops one leading `?`, which is part of the first name (`??status=x`
    // names `?status`, as Django reads it): give it one to drop.
    const search = ex.url.slice(q + 1);
    for (const [k, v] of new URLSearchParams(search.startsWith('?') ? `?${search}` : search)) {
      const key = redactor.holdsSecret(k) ? redactor.redactText(k) : k;
      if (key in query) notes.push(`query ${key} repeated: the last value kept`);
      query[key] = redactQueryValue(k, v, fields);
    }
    request.query = query;
  }
  const headers: Record<string, string | null> = { Authorization: authorization(ex, ctx, unsafe) };
  for (const name of ctx.keepHeaders) {
    const value = ex.requestHeaders[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    // A credential an answer handed out (the login's key) replays as what that answer hands out
    // at replay, as it does in `Authorization`.
    const captured = text === '' ? null : captures.credentialFor(text, ex.startedAt, unsafe);
    headers[name] = captured ? `{{${captured}}}` : headerValue(redactor, text, kindOfHeader(name));
  }
  request.headers = headers;
  addBody(ex, request, headers, fields, ctx, notes);
  const step: Step = { request, expect: { status: ex.status } };
  if (fields.hardCoded.length > 0) notes.push(`not seen in an earlier answer, kept as sent: ${fields.hardCoded.join(', ')}`);

  const answer = ex.responseBody ? parseJson(decodedBytes(ex.responseBody, ex.responseHeaders['content-encoding'], ctx.maxBodyBytes)) : undefined;
  if (answer !== undefined) {
    redactor.learn(answer);
    captures.addAnswer(step, answer, fields.resource, ex.finishedAt);
  }
  return { recorded: { step, seq: ex.seq, notes, placeholders: redactor.replaced - before }, answer };
}

function redactPath(rawPath: string, fields: FieldContext): string {
  const segments = rawPath.split('/');
  let previous: string | undefined;
  return segments.map((raw) => {
    const text = safeDecode(raw);
    const hint = pathSegmentHint(previous, text);
    previous = text === '' ? previous : text;
    if (hint) {
      const name = fields.captureId(text, hint);
      if (name) return `{{${name}}}`;
      fields.hardCoded.push(`${hint.owner} ${text}`);
      return raw;
    }
    const redacted = fields.redactor.redactText(text);
    return redacted === text ? raw : encodeAroundTemplates(redacted);
  }).join('/');
}

/**
 * The Authorization header: none stays none (`null`, so replay sends none either); a credential
 * an earlier answer handed out (a login's key) becomes a capture; any other a placeholder that
 * replays as the run's token — or, when the target refused it (401), as a made-up one.
 */
function authorization(ex: Exchange, ctx: StepContext, unsafe: (p: string) => boolean): string | null {
  const value = ex.requestHeaders.authorization;
  if (value === undefined) return null;
  const m = /^(\S+)\s+(.*)$/.exec(value.trim());
  const [scheme, credential] = m ? [`${m[1]!} `, m[2]!] : ['', value.trim()];
  if (credential === '') return value;
  const captured = ctx.captures.credentialFor(credential, ex.startedAt, unsafe);
  if (captured) return `${scheme}{{${captured}}}`;
  return scheme + ctx.redactor.placeholder(ex.status === 401 ? 'invalid_token' : 'token', credential);
}

function addBody(ex: Exchange, request: Step['request'], headers: Record<string, string | null>, fields: FieldContext, ctx: StepContext, notes: string[]): void {
  const body = ex.requestBody;
  if (body.total === 0) return;
  const contentType = ex.requestHeaders['content-type'];
  if (body.truncated) return void notes.push(`body of ${body.total} bytes is over --max-body: not recorded`);
  const bytes = decodedBytes(body, ex.requestHeaders['content-encoding'], ctx.maxBodyBytes);
  if (!bytes) return void notes.push('body in an encoding that could not be undone: not recorded');
  const type = mediaType(contentType);
  if (contentType) headers['Content-Type'] = contentType;
  if (isJsonMediaType(type)) {
    const json = parseJson(bytes);
    if (json !== undefined) {
      request.body = redactJsonBody(json, fields);
      if (type === 'application/json' && contentType === 'application/json') delete headers['Content-Type'];
      return;
    }
  }
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\0')) {
    delete headers['Content-Type'];
    return void notes.push(`binary body of ${body.total} bytes: not recorded`);
  }
  request.rawBody = type === 'application/x-www-form-urlencoded' ? redactFormBody(text, fields) : fields.redactor.redactText(text);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A kept header's value, redacted. A name or address the redactor learned from earlier answers
 * would become a placeholder that replays as text no header can carry (`Aydın`): such a value is
 * kept as a credential instead (a synthetic ASCII value at replay). A value made a credential by
 * its header's name is learned as a secret only when it is long enough to be one: a short one
 * (`300`, `true`) would otherwise be replaced in every later query and body.
 */
function headerValue(redactor: Redactor, text: string, kind: PlaceholderKind | null): string {
  // A value learned already keeps the kind it was learned as: the login's key in `X-Auth-Token`
  // replays as the side's token, not as a synthetic credential no server accepts.
  const redacted = redactor.redactText(text, redactor.knowsWhole(text) ? null : kind, text.length >= LEARNED_FROM_HEADER);
  return /\{\{secret_(?:name|address)_/.test(redacted) ? redactor.redactText(text, 'credential', false) : redacted;
}

/** How long a header value named a credential must be to be learned as a secret. */
const LEARNED_FROM_HEADER = 8;
