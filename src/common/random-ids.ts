import { randomUUID } from 'node:crypto';

/**
 * Where writes get their random identifiers (a new request's `uuid`). Injected like the clock,
 * so that a test — or a replay of the mutation journal (issue 13) — can make two runs of the
 * same writes produce byte-identical state: the only other source of difference is "now", and
 * that already comes from `Clock`.
 */
export interface RandomIds {
  /** A version-4 UUID in its canonical form (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`). */
  uuid(): string;
}

/** The production source: `crypto.randomUUID()`. */
export const cryptoIds: RandomIds = { uuid: () => randomUUID() };

/**
 * A deterministic source: the same seed hands out the same uuids in the same order. Not random
 * enough for anything but tests and replays (mulberry32, 32 bits of state).
 * @example const ids = seededIds(7); ids.uuid() // always the same first uuid for seed 7
 */
export function seededIds(seed: number): RandomIds {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    uuid() {
      const bytes = new Uint8Array(16);
      for (let i = 0; i < 16; i += 4) {
        const word = next32();
        bytes[i] = word >>> 24;
        bytes[i + 1] = (word >>> 16) & 0xff;
        bytes[i + 2] = (word >>> 8) & 0xff;
        bytes[i + 3] = word & 0xff;
      }
      bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
      bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
