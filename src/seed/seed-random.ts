import type { Faker } from '@faker-js/faker';
// Only the Turkish faker: the package's index imports all ~70 locales (~0.4–0.8 s of start-up
// through tsx's loader), and the seed needs tr, en and base — exactly this instance's locales.
import { faker as fakerTR } from '@faker-js/faker/locale/tr';
import { createMersenne53 } from './seed-mersenne.ts';

/**
 * The seed's only source of chance: one faker, seeded from `SEED`, with its reference date
 * pinned, plus direct access to its Mersenne Twister for the bulk draws. Deep faker calls
 * (names, streets, uuids) cost microseconds each; the 100,000-plan seed makes millions of
 * choices, so pools are drawn with faker once and objects pick from them with `next()`.
 * Nothing here reads the wall clock: the same seed gives the same graph on any day.
 */
export interface SeedRandom {
  readonly faker: Faker;
  /** A uniform float in [0, 1). */
  next(): number;
  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` answers `a` three times in four. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T;
  /**
   * `n` decimal digits as a string (leading zeros kept), after `lead` (one digit, 0–9) when
   * given: the same text as `${lead}${digits(n)}` without building it from two strings.
   */
  digits(n: number, lead?: number): string;
  /**
   * A version-4 UUID in faker's format, drawn from faker's seeded generator: three draws instead
   * of `faker.string.uuid()`'s thirty-odd, which matters for 100,000 requests.
   */
  uuid(): string;
}

/** The `Faker` class, reached through the Turkish instance (the locale entry exports no class). */
const FakerClass = fakerTR.constructor as typeof Faker;

/**
 * A faker seeded with `seed`, its reference date pinned to `referenceDate`, and its fast draws.
 * Its randomizer is `createMersenne53`: the same stream as faker's `generateMersenne53Randomizer`
 * (a test compares them), about a third cheaper per draw.
 */
export function createSeedRandom(seed: number, referenceDate: string): SeedRandom {
  const randomizer = createMersenne53();
  // The locales of `fakerTR` are [tr, en, base], merged: what `locale: [tr, en, base]` builds.
  const faker = new FakerClass({ locale: fakerTR.rawDefinitions, randomizer });
  faker.seed(seed);
  faker.setDefaultRefDate(referenceDate);
  const next = randomizer.next;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    faker,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty pool');
      return items[Math.floor(next() * items.length)]!;
    },
    // Index loops, not `for (const [value, w] of …)`: the seed calls this millions of times with
    // tables of many shapes, and the destructuring iterator was its single costliest line.
    weighted: (choices) => {
      let total = 0;
      for (let i = 0; i < choices.length; i += 1) total += choices[i]![1];
      let r = next() * total;
      for (let i = 0; i < choices.length; i += 1) {
        r -= choices[i]![1];
        if (r < 0) return choices[i]![0];
      }
      return choices[choices.length - 1]![0];
    },
    digits: (n, lead) => {
      // Draws of up to nine digits, written as char codes: the same text as
      // `String(x).padStart(k, '0')` per draw, without the number-to-string and the concatenations.
      let pos = 0;
      if (lead !== undefined) scratch[pos++] = 48 + lead;
      const length = pos + n;
      for (let left = n; left > 0; left -= 9) {
        const k = left < 9 ? left : 9;
        let x = Math.floor(next() * POW10[k]!);
        for (let i = pos + k - 1; i >= pos; i -= 1) {
          scratch[i] = 48 + (x % 10);
          x = Math.floor(x / 10);
        }
        pos += k;
      }
      return fromCodes(length);
    },
    uuid: () => {
      // 32 hex digits from three 52-bit draws, 13 nibbles each, low nibble first; then the
      // version (4) and variant (8–b) digits.
      let at = 0;
      for (let draw = 0; draw < 3; draw += 1) {
        let bits = Math.floor(next() * 2 ** 52);
        for (let i = 0; i < 13; i += 1) {
          if (at < 32) nibbles[at] = bits % 16;
          at += 1;
          bits = Math.floor(bits / 16);
        }
      }
      nibbles[12] = 4;
      nibbles[16] = 8 + (nibbles[16]! % 4);
      const c = nibbles;
      const h = HEX;
      return String.fromCharCode(
        h[c[0]!]!, h[c[1]!]!, h[c[2]!]!, h[c[3]!]!, h[c[4]!]!, h[c[5]!]!, h[c[6]!]!, h[c[7]!]!, 45,
        h[c[8]!]!, h[c[9]!]!, h[c[10]!]!, h[c[11]!]!, 45,
        h[c[12]!]!, h[c[13]!]!, h[c[14]!]!, h[c[15]!]!, 45,
        h[c[16]!]!, h[c[17]!]!, h[c[18]!]!, h[c[19]!]!, 45,
        h[c[20]!]!, h[c[21]!]!, h[c[22]!]!, h[c[23]!]!, h[c[24]!]!, h[c[25]!]!, h[c[26]!]!, h[c[27]!]!,
        h[c[28]!]!, h[c[29]!]!, h[c[30]!]!, h[c[31]!]!,
      );
    },
  };
}

/** `10 ** k` for the chunk sizes `digits` draws (computed the same way, so the same doubles). */
const POW10 = Array.from({ length: 10 }, (_, k) => 10 ** k);
/** Char codes `digits` writes before it makes its string (the seed is synchronous: one buffer). */
const scratch = new Uint16Array(64);
/** Nibbles `uuid` draws. */
const nibbles = new Uint8Array(32);

/** The first `n` char codes of `scratch` as one flat string (the lengths the seed uses spelled out). */
function fromCodes(n: number): string {
  const c = scratch;
  const cc = String.fromCharCode;
  switch (n) {
    case 3: return cc(c[0]!, c[1]!, c[2]!);
    case 7: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!);
    case 8: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
    case 9: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!);
    case 12: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!);
    case 13: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!);
    case 15: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!);
    case 16: return cc(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!);
    default: return cc(...c.subarray(0, n));
  }
}

/** Char codes of `0123456789abcdef`. */
const HEX = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));

/** Microseconds in common spans, for timeline arithmetic (all seed times are epoch µs). */
export const US = {
  second: 1_000_000,
  minute: 60_000_000,
  hour: 3_600_000_000,
  day: 86_400_000_000,
} as const;

/** An ISO date → epoch microseconds (whole milliseconds). */
export function microsFromIso(iso: string): number {
  return Date.parse(iso) * 1000;
}
