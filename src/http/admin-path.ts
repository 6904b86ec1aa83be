import type { Context } from 'hono';

/**
 * True for the admin namespace (`/__mock/`), which has its own document and checker, and which
 * faults, sessions and the request log leave alone.
 */
export function isAdminPath(path: string): boolean {
  return path === '/__mock' || path.startsWith('/__mock/');
}

/** The state import: streamed, so the only route whose body the body limit leaves alone. */
export const STATE_IMPORT_PATH = '/__mock/state';

/** The status page: for people, no token, no secrets (DOMAIN.md §1). */
export const STATUS_PAGE_PATH = '/__mock/';

/**
 * The header the page's own refresh sends: the access log writes those requests at debug level,
 * so a status page left open does not fill the log with a line every two seconds.
 */
export const STATUS_POLL_HEADER = 'X-Mock-Status-Poll';

/** True for the status page's own refresh requests (only there: an API call cannot hide in it). */
export function isStatusPoll(c: Context): boolean {
  return c.req.path === STATUS_PAGE_PATH && c.req.header(STATUS_POLL_HEADER) !== undefined;
}
