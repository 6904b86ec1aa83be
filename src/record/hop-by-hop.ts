/**
 * Which headers a proxy passes on. Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection,
 * not the message, so they stop here: each side of the proxy frames its own connection. Headers
 * are kept as raw `[name, value, name, value, …]` lists, so the target sees the client's own
 * spelling, order and repeated headers.
 */

const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

/** The header a client sets to name its recording session; it is for the proxy, not the target. */
export const SESSION_HEADER = 'x-record-session';

function connectionTokens(raw: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'connection') continue;
    for (const token of raw[i + 1]!.split(',')) if (token.trim()) named.add(token.trim().toLowerCase());
  }
  return named;
}

function keep(raw: readonly string[], drop: (lower: string) => boolean): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || drop(lower)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/**
 * The client's headers as the target should see them: hop-by-hop ones and the session header
 * removed, `Host` naming the target (virtual hosts and TLS need it), `Expect` dropped (this proxy
 * already answered `100 Continue`). A body the client sent chunked goes on chunked.
 */
export function forwardRequestHeaders(raw: readonly string[], targetHost: string): string[] {
  const chunked = hasHeader(raw, 'transfer-encoding') && !hasHeader(raw, 'content-length');
  const out = keep(raw, (h) => h === 'host' || h === 'expect' || h === SESSION_HEADER);
  out.unshift('Host', targetHost);
  if (chunked) out.push('Transfer-Encoding', 'chunked');
  return out;
}

/** The target's headers as the client should see them: hop-by-hop ones removed. */
export function forwardResponseHeaders(raw: readonly string[]): string[] {
  return keep(raw, () => false);
}

function hasHeader(raw: readonly string[], lower: string): boolean {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lower) return true;
  return false;
}
