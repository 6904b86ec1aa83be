import { clipEcho } from '../domain/errors.ts';

/**
 * `MOCK_WEBHOOK_ALLOW` (DOMAIN.md §5): the hosts webhook targets may name, loopback by default.
 * A mock that anyone can subscribe to would post to any address it is given — from inside a CI
 * network, say — so every target is checked here, the quick-path one too. Entries are host
 * names or addresses (`127.0.0.1`, `::1`, `hooks.test`), `*.domain` for its subdomains, or `*`
 * for any host. The check is on the URL's host as written: names are not resolved.
 */
export function hostAllowed(host: string, allow: readonly string[]): boolean {
  const h = normaliseHost(host);
  return allow.some((raw) => {
    const entry = normaliseHost(raw);
    if (entry === '*') return true;
    if (entry.startsWith('*.')) return h.endsWith(entry.slice(1)) && h.length > entry.length - 1;
    return h === entry;
  });
}

/** Lower case, no IPv6 brackets, no trailing dot: `[::1]` and `::1` are one host. */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** The message for a target outside the list; the list is configuration, not a secret. */
export function notAllowedMessage(host: string, allow: readonly string[]): string {
  return `The host "${clipEcho(normaliseHost(host))}" is not allowed: webhook targets must be in MOCK_WEBHOOK_ALLOW (${allow.join(', ') || 'empty'}).`;
}
