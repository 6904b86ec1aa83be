import { http, type HttpHandler } from 'msw';
import type { OmnitronMock } from './embed-types.ts';

/** Where `omnitronHandlers` listens unless told: the CLI's own address, so code already pointed at a running mock needs no change. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:4010';

export interface OmnitronHandlersOptions {
  /**
   * Every request under this URL goes to the mock, whatever its path: one the mock does not
   * serve gets the mock's own 404. A path in it (`https://shop.test/omnitron`) is taken off
   * before the mock sees the request, and put back on the links it answers (`underPrefix`).
   * Relative (`/omnitron`) in a browser: the page's origin.
   */
  baseUrl?: string;
}

/**
 * MSW request handlers that answer every request under `baseUrl` from an in-process mock
 * (`createMock`, or the browser build's); requests elsewhere are not matched, so they pass
 * through as MSW's `onUnhandledRequest` says.
 *
 * @example
 * const server = setupServer(...omnitronHandlers(await createMock({ size: 50 })));
 */
export function omnitronHandlers(
  mock: Pick<OmnitronMock, 'fetch'>,
  options: OmnitronHandlersOptions = {},
): HttpHandler[] {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const prefix = new URL(base, 'http://prefix.invalid').pathname.replace(/\/+$/, '');
  const answer = async ({ request }: { request: Request }) => {
    if (prefix === '') return mock.fetch(request);
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(prefix.length) || '/';
    const body = request.body === null ? null : await request.arrayBuffer();
    // The answer is rewritten as text below: ask for it unencoded (MSW hands it over as is).
    const headers = new Headers(request.headers);
    headers.delete('accept-encoding');
    const res = await mock.fetch(
      new Request(url, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
      }),
    );
    return underPrefix(res, url.origin, prefix);
  };
  return [http.all(base, answer), http.all(`${base}/*`, answer)];
}

/**
 * The mock's answer with the links it wrote back under the base URL's path: the mock saw the
 * request without it, so a page's `next`/`previous`, an image's `image` URL and a redirect's
 * `Location` (a slash added, `/` → `/docs`) pointed beside the base URL, where MSW does not answer
 * (`https://shop.test/api/…` for a base of `https://shop.test/omnitron`).
 */
async function underPrefix(res: Response, origin: string, prefix: string): Promise<Response> {
  const location = res.headers.get('location');
  const json = /^application\/json\b/i.test(res.headers.get('content-type') ?? '');
  if (location === null && !json) return res;
  const headers = new Headers(res.headers);
  if (location !== null) {
    const target = new URL(location, origin);
    if (target.origin === origin) {
      const path = `${prefix}${target.pathname}${target.search}${target.hash}`;
      headers.set('location', location.startsWith('/') ? path : `${origin}${path}`);
    }
  }
  let body: string | null = null;
  if (json && res.body !== null) {
    const links = new RegExp(`"(next|previous|image)":"${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`, 'g');
    body = (await res.text()).replace(links, `"$1":"${origin}${prefix}/`);
    headers.delete('content-length');
  }
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}
