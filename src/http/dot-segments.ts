import type { HttpBindings } from '@hono/node-server';
import { getPath } from 'hono/utils/url';

/**
 * A segment Django sees as `.` or `..`: the WHATWG URL parser resolves these (`%2e%2e`, `.%2E`
 * and `..` alike) before the app sees the request, so `/api/v1/cancellation_plans/1/%2e%2e/`
 * would reach the plan list. Django resolves nothing: it matches the percent-decoded path as
 * sent, where no route has such a segment (a DRF lookup is `[^/.]+`), and answers 404.
 */
function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}

/** Whether a decoded path has a `.` or `..` segment (the router's and the fallback's test). */
export function hasDotSegment(path: string): boolean {
  if (path.indexOf('/.') === -1) return false;
  for (const segment of path.split('/')) if (isDotSegment(segment)) return true;
  return false;
}

/**
 * Hono's `getPath`, except for a request a raw HTTP client sent with a dot segment (browsers and
 * `fetch` resolve them before sending; `curl --path-as-is` does not): its path as the client sent
 * it, percent-decoded as Hono decodes any path, so routing sees what Django's resolver would.
 * `options.env.incoming` is the Node adapter's request (absent under `app.request()`, whose
 * `Request` already resolved the segments). A request without `/.` or `%2` in its target pays
 * two `indexOf`s and allocates nothing more.
 */
export function requestPath(request: Request, options?: { env?: unknown }): string {
  const raw = (options?.env as Partial<HttpBindings> | undefined)?.incoming?.url;
  if (raw === undefined || !mayHaveDotSegment(raw)) return getPath(request);
  const start = raw.charCodeAt(0) === 47 /* / */ ? 0 : raw.indexOf('/', raw.indexOf(':') + 3);
  if (start === -1) return getPath(request);
  const sent = getPath({ url: `http://h${raw.slice(start)}` } as Request);
  return hasDotSegment(sent) ? sent : getPath(request);
}

/** A cheap first look at the request target: a dot segment needs `/.` or an escape `%2…`. */
function mayHaveDotSegment(raw: string): boolean {
  const dot = raw.indexOf('/.');
  if (dot !== -1 && dot < pathEnd(raw)) return true;
  const escape = raw.indexOf('%2');
  return escape !== -1 && escape < pathEnd(raw);
}

function pathEnd(raw: string): number {
  const query = raw.indexOf('?');
  const hash = raw.indexOf('#');
  if (query === -1) return hash === -1 ? raw.length : hash;
  return hash === -1 ? query : Math.min(query, hash);
}
