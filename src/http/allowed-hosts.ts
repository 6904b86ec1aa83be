import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * Django's `ALLOWED_HOSTS` for the mock: a request whose `Host` names no allowed host is refused
 * 400 before anything reads it, API and admin alike. A mock on loopback answers any page the
 * operator's browser opens, and DNS rebinding lets such a page call it as `evil.example:4010`;
 * the Host check is what stops that (issue 19).
 */
export interface AllowedHostsOptions {
  /** `MOCK_ALLOWED_HOSTS`: names (case-insensitive, any port) added to the default; `*`: any. */
  allowedHosts: readonly string[] | null;
  /** The interface the server listens on (`HOST`). */
  listenHost: string;
}

/** Loopback names and addresses: Django's default (`.localhost`, `127.0.0.1`, `[::1]`), all of 127/8. */
const LOOPBACK_HOST = /^(localhost|[a-z0-9.-]+\.localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\])$/;

/** True when `host` (as `HOST` gives it) is a loopback interface. */
export function listensOnLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The names a `Host` may carry, as a predicate over the host part (no port, lowercased), or null
 * when any is allowed: `*` in the list; or a non-loopback `HOST` with no list — a mock listening on
 * `0.0.0.0` (a container, a shared QA box) is meant to be reached by names it cannot know
 * (a service name, the machine's), and is reachable without rebinding anyway.
 */
export function hostPolicy(options: AllowedHostsOptions): ((host: string) => boolean) | null {
  const list = options.allowedHosts?.map((h) => h.trim().toLowerCase().replace(/\.$/, '')) ?? null;
  if (list?.includes('*')) return null;
  if (list === null && !listensOnLoopback(options.listenHost)) return null;
  const named = new Set(list ?? []);
  // A listed `.example.com` allows the name and its subdomains, as in Django.
  const suffixes = [...named].filter((h) => h.startsWith('.'));
  return (host) =>
    LOOPBACK_HOST.test(host) ||
    named.has(host) ||
    suffixes.some((s) => host === s.slice(1) || host.endsWith(s));
}

/** The host part of a `Host` value: `[::1]:4010` → `[::1]`, `Example.COM.:80` → `example.com`. */
export function hostPart(value: string): string {
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:]*)(:\d*)?$/.exec(v);
  return (m ? m[1]! : v).replace(/\.$/, '');
}

/** Django's answer to a disallowed `Host`, in the shared `{"detail", "code"}` shape. */
export function invalidHostBody(value: string): { detail: string; code: string } {
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  const host = hostPart(shown);
  return {
    detail:
      value === ''
        ? "Invalid HTTP_HOST header: ''. The request has no Host header."
        : `Invalid HTTP_HOST header: '${shown}'. You may need to add '${host}' to MOCK_ALLOWED_HOSTS.`,
    code: 'disallowed_host',
  };
}

/**
 * The middleware. In-process use (`app.request()`, the contract harness, tests) has no socket
 * and so no `Host` a client chose: nothing to check. Over a socket, a request without `Host`
 * (HTTP/1.0) is refused like one with a disallowed one.
 */
export function allowedHosts(options: AllowedHostsOptions): MiddlewareHandler<AppEnv> {
  const allows = requestHostAllowed(options);
  if (allows === null) return (_c, next) => next();
  return (c, next) => {
    if (allows(c)) return next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    return Promise.resolve(c.json(invalidHostBody(incoming!.headers.host ?? ''), 400));
  };
}

/**
 * Whether a request's `Host` is one the mock answers to (true without a socket: an in-process
 * call names no host), or null when every host is. Shared with the session table: a request this
 * refuses (a DNS-rebinding page) takes no session slot, though its store is resolved before it.
 */
export function requestHostAllowed(options: AllowedHostsOptions): ((c: Context) => boolean) | null {
  const allowed = hostPolicy(options);
  if (allowed === null) return null;
  // The verdict per `Host` value as sent: a client sends the same one on every request, and the
  // policy is two regular expressions. Bounded: forgotten wholesale past a few hundred values.
  const verdicts = new Map<string, boolean>();
  return (c) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming) return true;
    const value = incoming.headers.host ?? '';
    let ok = verdicts.get(value);
    if (ok === undefined) {
      ok = value !== '' && allowed(hostPart(value));
      if (verdicts.size >= 256) verdicts.clear();
      verdicts.set(value, ok);
    }
    return ok;
  };
}
