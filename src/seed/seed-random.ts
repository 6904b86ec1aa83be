import { Faker, base, en, generateMersenne53Randomizer, tr } from '@faker-js/faker';
import { flat } from './seed-strings.ts';

/**
 * The seed's only source of chance: one faker, seeded from `SEED`, with its reference date
 * pinned, plus direct access to faker's Mersenne Twister for the bulk draws. Deep faker calls
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
  /** `n` decimal digits as a string (leading zeros kept). */
  digits(n: number): string;
  /**
   * A version-4 UUID in faker's format, drawn from faker's seeded generator: three draws instead
   * of `faker.string.uuid()`'s thirty-odd, which matters for 100,000 requests.
   */
  uuid(): string;
}

/** A faker seeded with `seed`, its reference date pinned to `referenceDate`, and its fast draws. */
export function createSeedRandom(seed: number, referenceDate: string): SeedRandom {
  const randomizer = generateMersenne53Randomizer();
  const faker = new Faker({ locale: [tr, en, base], randomizer });
  faker.seed(seed);
  faker.setDefaultRefDate(referenceDate);
  const next = () => randomizer.next();
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
    weighted: (choices) => {
      let total = 0;
      for (const [, w] of choices) total += w;
      let r = next() * total;
      for (const [value, w] of choices) {
        r -= w;
        if (r < 0) return value;
      }
      return choices[choices.length - 1]![0];
    },
    digits: (n) => {
      let out = '';
      for (let left = n; left > 0; left -= 9) {
        const k = Math.min(9, left);
        out += String(Math.floor(next() * 10 ** k)).padStart(k, '0');
      }
      return flat(out);
    },
    uuid: () => {
      // 32 hex digits from three 52-bit draws; then the version (4) and variant (8–b) digits.
      const n: number[] = [];
      for (let draw = 0; draw < 3; draw += 1) {
        let bits = Math.floor(next() * 2 ** 52);
        for (let i = 0; i < 13; i += 1) {
          n.push(bits % 16);
          bits = Math.floor(bits / 16);
        }
      }
      n[12] = 4;
      n[16] = 8 + (n[16]! % 4);
      const c = n.map((x) => HEX[x]!);
      return String.fromCharCode(
        c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, 45, c[8]!, c[9]!, c[10]!, c[11]!, 45,
        c[12]!, c[13]!, c[14]!, c[15]!, 45, c[16]!, c[17]!, c[18]!, c[19]!, 45,
        c[20]!, c[21]!, c[22]!, c[23]!, c[24]!, c[25]!, c[26]!, c[27]!, c[28]!, c[29]!, c[30]!, c[31]!,
      );
    },
  };
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
