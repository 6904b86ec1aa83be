import { describe, expect, it } from 'vitest';
import { OrderNumberSet } from '../src/seed/seed-number-set.ts';

/**
 * The seed redraws an order number only when `add` says it was taken: answering differently from
 * a `Set<string>` would change the seeded data. Numbers this test repeats on purpose, across
 * several doublings of the table, and numbers that share either 8-digit half.
 */
describe('OrderNumberSet', () => {
  it('answers exactly what a Set<string> answers', () => {
    let state = 12345;
    const digits = (n: number) => {
      let out = '';
      for (let i = 0; i < n; i += 1) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        out += String(state % 10);
      }
      return out;
    };
    const ours = new OrderNumberSet();
    const theirs = new Set<string>();
    const seen: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const r = i % 7;
      const number = r === 0 && seen.length > 0 ? seen[(i * 31) % seen.length]!
        : r === 1 && seen.length > 0 ? `${seen[i % seen.length]!.slice(0, 8)}${digits(8)}`
        : r === 2 && seen.length > 0 ? `${digits(8)}${seen[i % seen.length]!.slice(8)}`
        : `${1 + (i % 9)}${digits(15)}`;
      const fresh = !theirs.has(number);
      theirs.add(number);
      if (fresh) seen.push(number);
      expect(ours.add(number), number).toBe(fresh);
    }
    expect(ours.add('0000000000000000')).toBe(true);
    expect(ours.add('0000000000000000')).toBe(false);
  });

  it('refuses what is not 16 digits', () => {
    const set = new OrderNumberSet();
    for (const bad of ['', '123', '12345678901234567', '12345678901234a6', '-234567890123456']) {
      expect(() => set.add(bad)).toThrow(/16 digits/);
    }
  });
});
