import { mediaTypeOf } from '../spec/response-checker.ts';
import { joinUrl } from './targets.ts';
import { describeTransportError } from './wire.ts';

/** The one request sent before any scenario: a one-row list, with the side's token. */
export const PREFLIGHT_PATH = '/api/v1/cancellation_plans/?limit=1';

/**
 * Why a side cannot be checked at all: `unreachable` (no answer), `auth` (401/403 with its
 * token), `not-api` (a redirect, a login page or anything else answering HTML). Each stops the
 * run before the scenarios, exit 2: a wrong token or a login wall is not drift.
 */
export interface PreflightProblem {
  kind: 'unreachable' | 'auth' | 'not-api';
  message: string;
}

/**
 * Sends `GET /api/v1/cancellation_plans/?limit=1` with `Authorization: Token <token>` and judges
 * only what says the run cannot mean anything; every other answer (a 404, a 500, a body that
 * breaks the spec) is the scenarios' business. Null when the side can be checked.
 */
export async function preflight(baseUrl: string, token: string, timeoutMs = 10_000): Promise<PreflightProblem | null> {
  let res: Response;
  try {
    res = await fetch(joinUrl(baseUrl, PREFLIGHT_PATH), {
      headers: { Authorization: `Token ${token}`, Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { kind: 'unreachable', message: describeTransportError(err) };
  }
  await res.arrayBuffer().catch(() => undefined);
  const where = `GET ${PREFLIGHT_PATH}`;
  if (res.status === 401 || res.status === 403) {
    return { kind: 'auth', message: `answers ${res.status} to ${where}: the token is not accepted` };
  }
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.get('location');
    return { kind: 'not-api', message: `answers ${where} with a ${res.status} redirect${location ? ` to ${location}` : ''}: a login page or a proxy, not the API` };
  }
  if (mediaTypeOf(res.headers.get('content-type')) === 'text/html') {
    return { kind: 'not-api', message: `answers ${where} with an HTML page (${res.status}): a login page or a proxy, not the API` };
  }
  return null;
}
