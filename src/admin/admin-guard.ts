import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { allowedOrigin } from '../http/cors.ts';
import { DRF } from '../http/drf-errors.ts';
import { secretEquals } from '../http/tokens.ts';
import { EVENT_HEADER } from '../webhooks/signature.ts';

/**
 * Who may use the admin API (DOMAIN.md §1): with no `MOCK_ADMIN_TOKEN`, loopback clients only
 * (a laptop mock is administered from the laptop); with one, anybody who presents it as
 * `Authorization: Token <admin token>` — from anywhere, loopback included.
 */
export interface AdminGuardOptions {
  adminToken: string | null;
  /**
   * `MOCK_CORS_ORIGINS` (null: the localhost default). A request whose `Origin` it does not allow
   * (and that is not same-origin) is refused 403 before the token is looked at: a page elsewhere
   * could otherwise reset the mock with a form post, which no preflight stops.
   */
  origins?: readonly string[] | null;
  /**
   * The client's address; undefined when there is no socket (an in-process `app.request()`:
   * the caller is this process, so it counts as loopback). Tests inject other addresses here.
   */
  remoteAddress?: (c: Context) => string | undefined;
}

/** The client address from the Node socket, when there is one. */
export function socketAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
}

/** Why the admin guard refuses a request, or null: the one rule both exports below answer by. */
type Refusal = 'origin' | 'delivery' | 'remote' | 'no-token' | 'bad-token';

function adminDecision(options: AdminGuardOptions): (c: Context) => Refusal | null {
  const addressOf = options.remoteAddress ?? socketAddress;
  const originAllowed = allowedOrigin({ origins: options.origins ?? null });
  return (c) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !originAllowed(c, origin)) return 'origin';
    // A webhook delivery is the mock's own request, sent from loopback to a URL any API client
    // picks (the default MOCK_WEBHOOK_ALLOW is this host): aimed at `/__mock/reset`, it would
    // administer the mock for a client the admin API refuses. Every delivery carries the event
    // header (a subscription's additional headers may change its value, never drop it), and no
    // administrator sends it, so it is refused whoever holds the socket.
    if (c.req.header(EVENT_HEADER) !== undefined) return 'delivery';
    if (options.adminToken === null) {
      const address = addressOf(c);
      return address === undefined || isLoopback(address) ? null : 'remote';
    }
    const header = c.req.header('authorization');
    const parts = header?.trim().split(/\s+/) ?? [];
    if (!header || parts[0]?.toLowerCase() !== 'token') return 'no-token';
    return parts.length === 2 && secretEquals(parts[1]!, options.adminToken) ? null : 'bad-token';
  };
}

/**
 * True when the admin guard would let the request through; answers nothing and writes nothing on
 * the context. For sessions: a `/__mock/` request may create one only when admitted. The guard's
 * own rule (`adminDecision`), so the two cannot drift apart (a refused delivery took a slot).
 */
export function adminAdmits(options: AdminGuardOptions): (c: Context) => boolean {
  const decide = adminDecision(options);
  return (c) => decide(c) === null;
}

/** Answers the refusal for a request that may not use the admin API, or null to let it through. */
export function createAdminGuard(options: AdminGuardOptions): (c: Context) => Response | null {
  const decide = adminDecision(options);
  return (c) => {
    switch (decide(c)) {
      case null: return null;
      case 'origin': {
        const origin = c.req.header('origin')!;
        return c.json(
          {
            detail: `Origin '${origin.slice(0, 100)}' may not use the admin API (MOCK_CORS_ORIGINS lists the origins that may).`,
            code: 'permission_denied',
          },
          403,
        );
      }
      case 'delivery':
      case 'remote': return c.json(DRF.permissionDenied, 403);
      case 'no-token':
        c.header('WWW-Authenticate', 'Token');
        return c.json(DRF.notAuthenticated, 401);
      case 'bad-token':
        c.header('WWW-Authenticate', 'Token');
        return c.json(DRF.invalidToken, 401);
    }
  };
}
