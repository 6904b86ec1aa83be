import { http, type HttpHandler } from 'msw';
import type { OmnitronMock } from './embed-types.ts';

/** Where `omnitronHandlers` listens unless told: the CLI's own address, so code already pointed at a running mock needs no change. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:4010';

export interface OmnitronHandlersOptions {
  /**
   * Every request under this URL goes to the mock, whatever its path: one the mock does not
   * serve gets the mock's own 404. A path in it (`https://shop.test/omnitron`) is taken off
   * before the mock sees the request. Relative (`/omnitron`) in a browser: the page's origin.
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
    return mock.fetch(
      new Request(url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: 'manual',
      }),
    );
  };
  return [http.all(base, answer), http.all(`${base}/*`, answer)];
}
