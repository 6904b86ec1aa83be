import { hash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Principal } from './env.ts';

/** The user pk the full token acts as (the seeded staff user), and the read-only token's. */
export const TOKEN_USER_PK = 1;
export const READONLY_USER_PK = 2;

export interface TokenTable {
  /** The principal a presented key belongs to, compared in constant time; null if none. */
  lookup(key: string): Principal | null;
}

/** One-shot `crypto.hash` (Node ≥ 20.12): no `Hash` object to build and collect per request. */
function digest(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

/**
 * Keys are compared through fixed-length digests with `timingSafeEqual`, so neither the length
 * nor the first differing byte of a guess shows in the response time.
 */
export function createTokenTable(config: Pick<Config, 'token' | 'readonlyToken'>): TokenTable {
  const entries: Array<{ digest: Buffer; principal: Principal }> = [
    { digest: digest(config.token), principal: { userPk: TOKEN_USER_PK, role: 'full' } },
  ];
  if (config.readonlyToken) {
    entries.push({ digest: digest(config.readonlyToken), principal: { userPk: READONLY_USER_PK, role: 'readonly' } });
  }
  return {
    lookup(key) {
      const d = digest(key);
      let found: Principal | null = null;
      for (const e of entries) if (timingSafeEqual(e.digest, d)) found = e.principal;
      return found;
    },
  };
}

/** Compares two secrets in constant time (login password, admin token). */
export function secretEquals(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
