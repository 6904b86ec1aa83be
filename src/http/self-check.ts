import type { MiddlewareHandler } from 'hono';
import { formatFindings, type Finding } from '../spec/finding.ts';
import { mediaTypeOf, type ResponseChecker } from '../spec/response-checker.ts';
import type { AppEnv } from './env.ts';

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
  return async (c, next) => {
    // Keep the text `c.json` sends: re-reading the finished response means cloning its stream
    // and parsing it again, which cost a --strict server most of its throughput. This is Hono's
    // own `c.json` (4.x: `c.body(JSON.stringify(o), arg, {'Content-Type': 'application/json', ...headers})`)
    // with the text kept.
    let sent: { text: string; res: Response } | null = null;
    c.json = ((object: unknown, arg?: Parameters<typeof c.body>[1], headers?: Record<string, string | string[]>) => {
      const text = JSON.stringify(object);
      const res = c.body(text, arg as never, { 'Content-Type': 'application/json', ...headers });
      sent = { text, res };
      return res;
    }) as unknown as typeof c.json;
    await next();
    if (c.req.method === 'HEAD' || c.res.headers.get('X-Mock-Fault') === 'injected') return;
    const res = c.res;
    const contentType = res.headers.get('content-type');
    const mediaType = mediaTypeOf(contentType);
    const operationId = c.get('operation')?.operationId ?? null;
    let findings: Finding[];
    let body: unknown;
    if (res.status === 204 || res.status === 304) body = undefined;
    else if (mediaType === 'application/json') body = await jsonBody(res, sent);
    else body = new Uint8Array(await res.clone().arrayBuffer()).byteLength > 0 ? '(bytes)' : '';
    // A redirect carries no operation's body; it is checked as an unrouted answer only if it has one.
    if (res.status >= 300 && res.status < 400 && body === '') findings = [];
    else findings = checker.check(operationId, { status: res.status, contentType, body, bodyIsCopy: true });
    if (findings.length === 0) return;
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

/**
 * The body as a client parses it, as a fresh copy: the text `c.json` sent when the response is
 * the one it made, otherwise the response read again.
 */
async function jsonBody(res: Response, sent: { text: string; res: Response } | null): Promise<unknown> {
  const text = sent && sent.res === res ? sent.text : await res.clone().text();
  try {
    return text === '' || text === undefined ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}
