import type { MiddlewareHandler } from 'hono';
import { formatFindings, type Finding } from '../spec/finding.ts';
import { mediaTypeOf, type ResponseChecker } from '../spec/response-checker.ts';
import type { AppEnv } from './env.ts';
import { textOfJsonBytes } from './json-text.ts';

/** What a violation report carries, for logs and for the test suite's loud failure. */
export interface Violation {
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  findings: Finding[];
}

/**
 * Validates every response against the served spec on its way out. With `replace` (`--strict`),
 * a violating response is swapped for a 500 that lists the violations, so a client never sees a
 * body the spec does not promise.
 */
export function selfCheck(
  checker: ResponseChecker,
  options: { replace: boolean; onViolation: (v: Violation) => void },
): MiddlewareHandler<AppEnv> {
  const passed = new PassedTexts();
  return async (c, next) => {
    // Keep what the handler gave `c.json`: re-reading the finished response means cloning its
    // stream and parsing it again, which cost a --strict server most of its throughput.
    const kept: Kept = { sent: null, text: null };
    c.json = keepingJson(c.json, kept);
    c.body = keepingBody(c.body, kept);
    await next();
    if (c.req.method === 'HEAD' || c.res.headers.get('X-Mock-Fault') === 'injected') return;
    const res = c.res;
    const contentType = res.headers.get('content-type');
    const mediaType = mediaTypeOf(contentType);
    const operationId = c.get('operation')?.operationId ?? null;
    // JSON text a handler answered as is (a kept plan body): the same text for the same answer
    // was either checked before or is checked now, once.
    const given = kept.text !== null && kept.text.res === res && mediaType === 'application/json' ? kept.text.text : null;
    const text = given === null || typeof given === 'string' ? given : textOfJsonBytes(given);
    const answerKey = `${operationId} ${res.status} ${contentType}`;
    if (text !== null && passed.has(answerKey, text)) return;
    let findings: Finding[];
    let body: unknown;
    if (res.status === 204 || res.status === 304) body = undefined;
    else if (text !== null) body = parseText(text);
    else if (mediaType === 'application/json') body = await jsonBody(res, kept.sent);
    else body = new Uint8Array(await res.clone().arrayBuffer()).byteLength > 0 ? '(bytes)' : '';
    // A redirect carries no operation's body; it is checked as an unrouted answer only if it has one.
    if (res.status >= 300 && res.status < 400 && body === '') findings = [];
    else findings = checker.check(operationId, { status: res.status, contentType, body });
    if (findings.length === 0) {
      if (text !== null) passed.add(answerKey, text);
      return;
    }
    const url = new URL(c.req.url);
    options.onViolation({ method: c.req.method, path: url.pathname + url.search, operationId, status: res.status, findings });
    if (options.replace) {
      c.res = new Response(
        JSON.stringify({ detail: `Response failed the spec self-check: ${formatFindings(findings)}`, code: 'mock_self_check_failed' }),
        { status: 500, headers: { 'Content-Type': 'application/json' } },
      );
    }
  };
}

/** What the handler gave `c.json`, and the response that made, once it has been called. */
interface Kept {
  sent: { object: unknown; res: Response } | null;
  /** JSON text (or its UTF-8 bytes) given to `c.body` as is, and the response that made. */
  text: { text: string | Uint8Array; res: Response } | null;
}

/**
 * `c.body` that also keeps a text it is given — made in a plain function for the reason
 * `keepingJson` gives.
 */
function keepingBody<B>(body: B, kept: Kept): B {
  const original = body as (...args: unknown[]) => Response;
  return ((data: unknown, ...rest: unknown[]) => {
    const res = original(data, ...rest);
    if (typeof data === 'string') kept.text = { text: data, res };
    // Kept JSON answered as bytes (json-text.ts): checked as its text, read only if JSON.
    else if (data instanceof Uint8Array) kept.text = { text: data, res };
    return res;
  }) as B;
}

/**
 * Texts that passed the check, per answer (operation, status, media type). A check is a pure
 * function of those and the text, and the served specs never change while the mock runs, so a
 * text that passed once passes again: a kept plan body is validated once, not on every read
 * (issue 12: `--strict` costs ≤ 25 %). Only texts that passed are remembered — a violation is
 * reported every time — and only texts a handler keeps itself (the same string object comes
 * back, so looking it up costs no hashing of 7 KB). Bounded: forgotten wholesale when full.
 */
class PassedTexts {
  static readonly LIMIT = 2000;
  #byAnswer = new Map<string, Set<string>>();
  #size = 0;

  has(answer: string, text: string): boolean {
    return this.#byAnswer.get(answer)?.has(text) ?? false;
  }

  add(answer: string, text: string): void {
    if (this.#size >= PassedTexts.LIMIT) {
      this.#byAnswer.clear();
      this.#size = 0;
    }
    let texts = this.#byAnswer.get(answer);
    if (!texts) {
      texts = new Set();
      this.#byAnswer.set(answer, texts);
    }
    if (!texts.has(text)) {
      texts.add(text);
      this.#size += 1;
    }
  }
}

function parseText(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `c.json` that also keeps what it is given. Made in this plain function, from the function and
 * the box passed in, and stored on `c` by the middleware itself: the other shapes tried — the
 * closure made inside the async middleware, or a helper that reads and replaces `c.json` itself —
 * let every request's body and response survive young-generation collections (measured
 * in-process on plan detail: 3.7–4 MB promoted per scavenge instead of 0.2–0.4 MB, and the GC
 * pauses per request tripled), for reasons in V8 this code does not control.
 */
function keepingJson<J>(json: J, kept: Kept): J {
  const original = json as (...args: unknown[]) => Response;
  return ((object: unknown, ...rest: unknown[]) => {
    const res = original(object, ...rest);
    kept.sent = { object, res };
    return res;
  }) as J;
}

/**
 * The body the client gets: the object `c.json` serialised when the response is the one it made
 * (the checker only reads it; `JSON.stringify` is assumed faithful for the plain data the
 * serializers build), otherwise the response read again and parsed.
 */
async function jsonBody(res: Response, sent: Kept['sent']): Promise<unknown> {
  if (sent && sent.res === res) return sent.object;
  const text = await res.clone().text();
  try {
    return text === '' || text === undefined ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}
