import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';
import { requestHeader } from './request-header.ts';

/**
 * CORS for frontend dev servers (Vite on :5173, Next on :3000, …) calling the mock straight from
 * the browser. Only origins that are allowed get CORS headers, credentials included — never `*`
 * with credentials; any other origin gets none, so the browser keeps the answer from the page.
 */
export interface CorsOptions {
  /**
   * `MOCK_CORS_ORIGINS`: exact origins (`https://qa.example.com`), or `*` for any origin (then
   * `Access-Control-Allow-Origin: *` and no credentials). null: any `http(s)://` origin on
   * `localhost`, `127.0.0.1` or `[::1]`, on any port.
   */
  origins: readonly string[] | null;
}

/** The methods the API and the admin API use. */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The request headers a page may send: the token, JSON bodies, the admin API's sessions and
 * `Prefer` answers, a request id for correlating logs.
 */
export const CORS_REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Accept-Language',
  'X-Mock-Session',
  'X-Mock-Session-From',
  'Prefer',
  'X-Request-Id',
  'X-Requested-With',
];

/** The response headers a page may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = [
  'X-Mock-Ignored-Params',
  'Content-Disposition',
  'X-Mock-Session-Evicted',
  'X-Mock-Fault',
  'X-Mock-Fault-Rule',
  'X-Mock-Fault-Source',
  'Location',
  'Allow',
  'WWW-Authenticate',
  'Retry-After',
];

/** How long a browser may reuse a preflight answer: ten minutes (Chromium caps it at two hours). */
export const CORS_MAX_AGE_SECONDS = 600;

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** Whether `origin` may call the mock from a browser, and how its answers are marked. */
export function corsPolicy(options: CorsOptions): (origin: string) => 'origin' | 'any' | null {
  if (options.origins === null)
    return (origin) => (LOCAL_ORIGIN.test(origin.toLowerCase()) ? 'origin' : null);
  const any = options.origins.includes('*');
  const listed = new Set(options.origins.filter((o) => o !== '*').map(normalizeOrigin));
  return (origin) => (listed.has(normalizeOrigin(origin)) ? 'origin' : any ? 'any' : null);
}

/**
 * Whether a request's `Origin` may act (the admin API's check): an origin the policy allows, or
 * the mock's own (the status page calling its own server).
 */
export function allowedOrigin(options: CorsOptions): (c: Context, origin: string) => boolean {
  const policy = corsPolicy(options);
  return (c, origin) => policy(origin) !== null || sameOrigin(c, origin);
}

/** Whether `origin` is the origin the request was sent to (its `Host`). */
function sameOrigin(c: Context, origin: string): boolean {
  const host = c.req.header('host');
  const m = /^https?:\/\/([^/]+)$/i.exec(origin.trim());
  return host !== undefined && m !== null && m[1]!.toLowerCase() === host.trim().toLowerCase();
}

/** Origins compare by scheme, host and port: case and a trailing slash in config do not matter. */
function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * The CORS middleware. A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
 * is answered here, before faults, routes and the 405 fallback: `204` with no body, which belongs
 * to no operation and so is never self-checked. Other requests run on and get the headers after.
 */
export function cors(options: CorsOptions): MiddlewareHandler<AppEnv> {
  const policy = corsPolicy(options);
  return (c, next) => {
    // No `Origin`: not a browser's cross-origin call, nothing to add (and no extra `await`).
    const origin = requestHeader(c, 'origin');
    return origin === undefined ? next() : withCors(c, next, origin, policy(origin));
  };
}

/** A request with an `Origin`: a preflight answered here, or the answer marked on its way out. */
async function withCors(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  origin: string,
  verdict: 'origin' | 'any' | null,
): Promise<Response | void> {
  if (
    c.req.method === 'OPTIONS' &&
    requestHeader(c, 'access-control-request-method') !== undefined
  ) {
    const headers = new Headers({ Vary: 'Origin' });
    if (verdict !== null) {
      setAllowOrigin(headers, origin, verdict);
      headers.set('Access-Control-Allow-Methods', CORS_METHODS.join(', '));
      headers.set('Access-Control-Allow-Headers', CORS_REQUEST_HEADERS.join(', '));
      headers.set('Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS));
      // Chrome's Private Network Access: a page on a public origin the operator allowed may
      // still reach the mock on loopback.
      if (requestHeader(c, 'access-control-request-private-network') === 'true') {
        headers.set('Access-Control-Allow-Private-Network', 'true');
      }
    }
    return new Response(null, { status: 204, headers });
  }
  await next();
  withHeaders(c, (headers) => {
    headers.append('Vary', 'Origin');
    if (verdict === null) return;
    setAllowOrigin(headers, origin, verdict);
    headers.set('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '));
  });
}

function setAllowOrigin(headers: Headers, origin: string, verdict: 'origin' | 'any'): void {
  if (verdict === 'any') {
    headers.set('Access-Control-Allow-Origin', '*');
    return;
  }
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Access-Control-Allow-Credentials', 'true');
}

/**
 * Edits the response's headers, on a copy when they are immutable (a `Response.redirect`, a
 * fetched response): the first write throws before anything changes.
 */
function withHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    c.res = new Response(c.res.body, c.res);
    edit(c.res.headers);
  }
}
