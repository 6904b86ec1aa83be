import { describeTransportError, readResponse, type Sender, type WireRequest } from './wire.ts';

export type SideRole = 'mock' | 'target';

/**
 * One of the two things a scenario replays against: the mock (embedded in-process, or a running
 * one by URL) or the target (a live Omnitron or a staging copy, by URL).
 */
export interface Side {
  role: SideRole;
  /** For reports: `embedded mock` or the base URL. */
  where: string;
  /** The built-in template variables this side provides (`token`, `username`, `password`). */
  vars: Readonly<Record<string, string>>;
  /**
   * The sender for one scenario. The embedded mock answers each scenario from a fresh store, so
   * scenarios stay independent; a URL side keeps whatever state it has.
   */
  openScenario(): Sender;
}

/** The default time a URL side has to answer one request. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Joins a base URL (which may carry a path prefix) and a request path. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** A side reached over HTTP. Redirects are not followed: a 301 is an answer to check. */
export function httpSide(role: SideRole, baseUrl: string, vars: Record<string, string>, timeoutMs = DEFAULT_TIMEOUT_MS): Side {
  const send: Sender = async (req: WireRequest) => {
    const started = performance.now();
    try {
      const init: RequestInit = { method: req.method, headers: req.headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) };
      if (req.body !== undefined) init.body = req.body;
      const res = await fetch(joinUrl(baseUrl, req.url), init);
      return { response: await readResponse(res, started) };
    } catch (err) {
      return { error: describeTransportError(err), durationMs: performance.now() - started };
    }
  };
  return { role, where: baseUrl, vars, openScenario: () => send };
}

/** Anything with Hono's `app.request()`: the embedded mock. */
export interface RequestableApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** A side answered in-process by `fresh()`, a new app over a new store for each scenario. */
export function appSide(role: SideRole, where: string, vars: Record<string, string>, fresh: () => RequestableApp): Side {
  return {
    role,
    where,
    vars,
    openScenario() {
      const app = fresh();
      return async (req) => {
        const started = performance.now();
        try {
          const init: RequestInit = { method: req.method, headers: req.headers };
          if (req.body !== undefined) init.body = req.body;
          return { response: await readResponse(await app.request(req.url, init), started) };
        } catch (err) {
          return { error: describeTransportError(err), durationMs: performance.now() - started };
        }
      };
    },
  };
}
