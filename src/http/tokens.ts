import { hash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Principal } from './env.ts';

/** The user pk the full token acts as (the seeded staff user), and the read-only token's. */
export const TOKEN_USER_PK = 1;
export const READONLY_USER_PK = 2;

export interface TokenTable {
  /**
   * The principal a presented key belongs to, compared in constant time; null if none.
   * `connection` (the request's socket, when it has one) lets the table remember the key that
   * connection presented last and what it resolved to: the same key again is compared with the
   * remembered one in constant time instead of being digested and compared with every key.
   */
  lookup(key: string, connection?: object): Principal | null;
}

/** One-shot `crypto.hash` (Node ≥ 20.12): no `Hash` object to build and collect per request. */
function digest(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

/** What a connection presented last, and the principal (or none) it resolved to. */
interface LastKey {
  key: string;
  principal: Principal | null;
}

/**
 * Keys are compared through fixed-length digests with `timingSafeEqual`, so neither the length
 * nor the first differing byte of a guess shows in the response time.
 *
 * Per connection (issue 26): a keep-alive client presents the same key on every request, and
 * digesting it each time was ~2 µs of a plain read. The table remembers, per socket, the last key
 * and its principal — valid or not — and answers the same key again from there. Which key is
 * remembered may be another client's (a pooling proxy sends many clients' requests over one
 * connection), so a presented key is compared with it by `sameText`, whose time depends on the
 * presented key alone; any difference, a byte or the length, goes the whole way (digest, every
 * key). Remembered principals belong to this table: a table built anew (a spec reload builds a new
 * app) remembers nothing. SECURITY.md and ADR 0017 (thirteenth session) say why this keeps the promise.
 */
export function createTokenTable(config: Pick<Config, 'token' | 'readonlyToken'>): TokenTable {
  const entries: Array<{ digest: Buffer; principal: Principal }> = [
    { digest: digest(config.token), principal: { userPk: TOKEN_USER_PK, role: 'full' } },
  ];
  if (config.readonlyToken) {
    entries.push({ digest: digest(config.readonlyToken), principal: { userPk: READONLY_USER_PK, role: 'readonly' } });
  }
  const resolve = (key: string): Principal | null => {
    const d = digest(key);
    let found: Principal | null = null;
    for (const e of entries) if (timingSafeEqual(e.digest, d)) found = e.principal;
    return found;
  };
  // Weak: a closed connection's socket takes its entry with it.
  const lastOn = new WeakMap<object, LastKey>();
  return {
    lookup(key, connection) {
      if (connection === undefined) return resolve(key);
      const last = lastOn.get(connection);
      if (last !== undefined && sameText(key, last.key)) return last.principal;
      const principal = resolve(key);
      if (last === undefined) lastOn.set(connection, { key, principal });
      else {
        last.key = key;
        last.principal = principal;
      }
      return principal;
    },
  };
}

/**
 * Whether `presented` and `kept` are the same text, in a time that depends on `presented`'s length
 * alone: every character of it is read, with no early exit, against `kept` when the lengths are
 * equal and against itself when not (so `kept`'s length does not change the work either).
 * HTTP header values are one-byte strings, so every read is alike.
 */
export function sameText(presented: string, kept: string): boolean {
  const n = presented.length;
  const other = n === kept.length ? kept : presented;
  let diff = n ^ kept.length;
  for (let i = 0; i < n; i += 1) diff |= presented.charCodeAt(i) ^ other.charCodeAt(i);
  return diff === 0;
}

/** Compares two secrets in constant time (login password, admin token). */
export function secretEquals(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
