import { expect, it } from 'vitest';
import { DenseSlots } from '../src/store/dense-slots.ts';

/**
 * The density bound itself (6 slots a key held, plus one chunk; ADR 0011, eighteenth session): keys
 * one in five of their range (20 %, which went to the map at the old bound of 4) all get slots;
 * keys one in seven (~14 %, 56 bytes of slots a key: more than a `Map` entry) get none past the
 * first chunk. The memory tests (key-column-memory, value-buckets) only show that some bound exists.
 */
it('gives slots to keys one in five of their range and refuses keys one in seven past the first chunk', () => {
  const fifth = new DenseSlots<number>();
  let refusedFifth = 0;
  for (let k = 0; k < 100_000; k += 5) if (!fifth.put(k, k)) refusedFifth += 1;
  expect(refusedFifth).toBe(0);
  expect(fifth.get(99_995)).toBe(99_995);
  const seventh = new DenseSlots<number>();
  const refused: number[] = [];
  for (let k = 0; k < 100_000; k += 7) if (!seventh.put(k, k)) refused.push(k);
  expect(refused[0]).toBe(4102); // the first key of the second chunk
  expect(refused.length).toBe(Math.ceil(100_000 / 7) - Math.ceil(4096 / 7));
  expect(seventh.get(4102)).toBeUndefined();
  expect(seventh.get(4095)).toBe(4095);
});
