import { describe, expect, it } from 'vitest';
import { copyPlain } from '../src/common/plain-copy.ts';

/** A small deterministic generator of JSON-plain trees (what attribute bags hold). */
function tree(seed: number, depth = 0): unknown {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648);
  const kind = next() % (depth > 3 ? 4 : 6);
  if (kind === 0) return next() % 1000;
  if (kind === 1) return `v${next() % 97}`;
  if (kind === 2) return next() % 2 === 0;
  if (kind === 3) return null;
  if (kind === 4) return Array.from({ length: next() % 4 }, (_, i) => tree(next() + i, depth + 1));
  return Object.fromEntries(Array.from({ length: next() % 4 }, (_, i) => [`k${next() % 50}_${i}`, tree(next() + i, depth + 1)]));
}

describe('copyPlain', () => {
  it('copies JSON trees exactly as structuredClone does, sharing no object with the original', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const original = { a: tree(seed), b: [tree(seed + 1), { c: tree(seed + 2) }] };
      const before = JSON.stringify(original);
      const copy = copyPlain(original);
      expect(copy).toStrictEqual(structuredClone(original));
      expect(JSON.stringify(copy)).toBe(before);
      // Changing every object of the copy leaves the original as it was.
      const stack: unknown[] = [copy];
      while (stack.length > 0) {
        const o = stack.pop();
        if (typeof o !== 'object' || o === null) continue;
        stack.push(...Object.values(o));
        if (Array.isArray(o)) o.push('changed');
        else (o as Record<string, unknown>).changed = true;
      }
      expect(JSON.stringify(original)).toBe(before);
    }
  });

  it('keeps an own __proto__ key a key, and a null-prototype object a plain one', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = copyPlain(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
    const bare = Object.assign(Object.create(null) as object, { y: [1, { z: 2 }] });
    expect(copyPlain(bare)).toStrictEqual(structuredClone(bare));
    expect(Object.getPrototypeOf(copyPlain(bare))).toBe(Object.prototype);
  });

  it('hands other objects (a Date, a Map) to structuredClone', () => {
    const when = new Date(Date.UTC(2025, 0, 2));
    const value = { when, seen: new Map([['a', 1]]), list: [when] };
    const copy = copyPlain(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(copy.when).not.toBe(when);
    expect(copy.list[0]).not.toBe(when);
  });
});
