import type { ServedCounts } from './health-routes.ts';
import { Hono } from 'hono';
import type { Admin } from './admin.ts';
import type { AppEnv } from '../http/env.ts';
import type { DeliverySource } from '../webhooks/delivery-view.ts';
import { renderStatusPage, type StatusView } from './status-page-html.ts';

import { STATUS_PAGE_PATH } from '../http/admin-path.ts';

export interface StatusPageDeps {
  counts: () => Record<string, number>;
  seed: number;
  size: number;
  admin?: Admin;
  deliveries?: DeliverySource;
  /** Operations answered by domain handlers and by the resource engine (issue 20). */
  served?: ServedCounts;
  /**
   * Masks the operator's secrets in a text (`secretScrubber(secretsOf(config), { clippedStarts:
   * false })`, as `serve` does to its log lines, whole secrets only): a client may send one where the
   * page shows what it sent — in a path, a query value under any name, a session name — and the page
   * needs no token. A start of a secret is not masked here: that would tell a guesser it is one.
   */
  scrub?: (text: string) => string;
}

const RECENT = 25;

/**
 * `GET /__mock/`: seeded counts, recent requests, sessions, fault rules and webhook deliveries,
 * as one HTML page that refreshes itself. It reads the same state the admin API does, but shows
 * none of what could be secret: tokens, headers, request bodies, fault bodies and headers.
 */
export function statusPageRoutes(deps: StatusPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.get(STATUS_PAGE_PATH, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(renderStatusPage(statusView(deps)));
  });
  return app;
}

/** The page's data, each part already stripped of what must not be shown. */
export function statusView(deps: StatusPageDeps): StatusView {
  const admin = deps.admin;
  const header = admin?.state.header();
  const view: StatusView = {
    now: new Date(admin ? admin.clock.nowMs() : Date.now()).toISOString(),
    clockShifted: admin ? admin.clock.offsetMs() !== 0 : false,
    seed: header?.seed ?? deps.seed,
    size: header?.size ?? deps.size,
    dataset: header?.dataset ?? null,
    counts: deps.served
      ? { ...deps.counts(), 'operations: domain': deps.served.domain, 'operations: engine': deps.served.engine }
      : deps.counts(),
    requests: admin
      ? admin.requests
          .query({ limit: RECENT })
          .results.map((r) => ({ ...r, path: redactQuery(r.path) }))
      : null,
    sessions: admin ? admin.state.sessions.list() : null,
    faults: admin
      ? admin.faults.list().map((f) => ({
          id: f.id,
          method: f.method,
          path: f.path,
          status: f.status,
          latency_ms: f.latency_ms,
          drop: f.drop,
          probability: f.probability,
          remaining: f.remaining,
          hits: f.hits,
          session: f.session,
        }))
      : null,
    deliveries: deps.deliveries
      ? deps.deliveries.recentDeliveries(RECENT).map((d) => ({ ...d, url: safeUrl(d.url) }))
      : null,
  };
  return deps.scrub ? scrubStrings(view, deps.scrub) : view;
}

/** `value` with every string in it (not the keys) passed through `scrub`: the page's data is small. */
function scrubStrings<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubStrings(v, scrub)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubStrings(v, scrub);
    return out as T;
  }
  return value;
}

const SECRET_NAME = /token|key|secret|password|passwd|auth|signature|session_?id/i;

/** A logged path with the values of secret-looking query parameters replaced. */
export function redactQuery(pathAndQuery: string): string {
  const at = pathAndQuery.indexOf('?');
  if (at < 0) return pathAndQuery;
  const parts = pathAndQuery
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_NAME.test(decodeSafely(name)) ? `${name}=***` : pair;
    });
  return `${pathAndQuery.slice(0, at)}?${parts.join('&')}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Origin and path only: user info and query (which may carry a key) are dropped. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
