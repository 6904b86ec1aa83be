import { generateMersenne53Randomizer } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { createMersenne53 } from '../src/seed/seed-mersenne.ts';

/**
 * The seed's own Mersenne Twister must be faker's stream draw for draw: every seeded store, and
 * so every contract scenario and QA set-up, depends on it. Seeds include 0, large, negative and
 * fractional values (faker reads them through 32-bit operations); 5,000 draws cross the
 * 624-word twist many times.
 */
describe('seed Mersenne Twister', () => {
  it('draws exactly what faker’s generateMersenne53Randomizer draws', () => {
    for (const seed of [0, 1, 2, 42, 300, 2 ** 31 - 1, 2 ** 31 + 5, 2 ** 32 + 7, 123456789012, -7, 1.5]) {
      const theirs = generateMersenne53Randomizer();
      theirs.seed(seed);
      const ours = createMersenne53();
      ours.seed(seed);
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 5000; i += 1) {
        a.push(theirs.next());
        b.push(ours.next());
      }
      expect(b, `seed ${seed}`).toEqual(a);
    }
  });

  it('starts again from the top when seeded again', () => {
    const r = createMersenne53();
    r.seed(9);
    const first = [r.next(), r.next(), r.next()];
    r.seed(9);
    expect([r.next(), r.next(), r.next()]).toEqual(first);
  });
});
