import { describe, expect, it } from 'vitest';
import { KeptByText } from '../src/common/kept-by-text.ts';

/**
 * The two-generation table behind a list URL's page parts and the engine's plain pages (issue 26,
 * thirteenth session): each text made once while it is asked for, at most two generations kept,
 * long texts never kept, and a kept `null` ("not of this kind") kept like any other value.
 */
function counting<V>(value: (text: string) => V): { make: (text: string) => V; made: string[] } {
  const made: string[] = [];
  return { made, make: (text) => (made.push(text), value(text)) };
}

describe('KeptByText', () => {
  it('makes a text once while it is asked for, through any number of turnovers', () => {
    const table = new KeptByText<string>(4, 100);
    const { make, made } = counting((t) => t.toUpperCase());
    for (let i = 0; i < 50; i += 1) {
      expect(table.get('steady', make)).toBe('STEADY');
      expect(table.get(`other ${i}`, make)).toBe(`OTHER ${i}`);
    }
    expect(made.filter((t) => t === 'steady')).toEqual(['steady']);
    expect(table.size).toBeLessThanOrEqual(8);
  });

  it('keeps no more than two generations, and makes a dropped text again', () => {
    const table = new KeptByText<number>(3, 100);
    const { make, made } = counting((t) => t.length);
    for (const t of ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'ggggggg']) table.get(t, make);
    expect(table.size).toBeLessThanOrEqual(6);
    table.get('a', make);
    expect(made.filter((t) => t === 'a')).toHaveLength(2);
  });

  it('never keeps a text longer than its bound', () => {
    const table = new KeptByText<number>(8, 5);
    const { make, made } = counting((t) => t.length);
    table.get('123456', make);
    table.get('123456', make);
    expect(made).toEqual(['123456', '123456']);
    expect(table.size).toBe(0);
  });

  it('carries a kept null from the older generation without making it again', () => {
    const table = new KeptByText<string | null>(2, 100);
    const { make, made } = counting((t) => (t.startsWith('plain') ? t : null));
    table.get('odd', make);
    table.get('plain 1', make);
    table.get('plain 2', make); // a new generation: `odd` is in the older one now
    expect(table.get('odd', make)).toBeNull();
    expect(made.filter((t) => t === 'odd')).toEqual(['odd']);
  });
});
