import { expect, it } from 'vitest';
import { KeyColumn } from '../src/store/key-column.ts';

/**
 * A derived index's per-row column (`KeyColumn`) keeps row keys in chunked slots. Like the value
 * index's buckets (`ValueBuckets`, seventeenth session review), it made a 32 KiB chunk for every
 * key up to 16 chunks past the last, so an imported state of sparse pks cost ~32 KiB a row in each
 * of an index's columns. A chunk is made only while the slots stay dense (`DenseSlots`, the rule
 * both share). The keys step 16 chunks, which the gap rule lets through: only the density rule
 * keeps them out of chunks.
 */
it('holds far-apart row keys in bounded memory and finds each one, through a set and a delete', () => {
  const column = new KeyColumn<number>();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20_000; i += 1) column.set(i * 65_536, i + 1);
  const grown = process.memoryUsage().heapUsed - before;
  expect(grown).toBeLessThan(64 * 2 ** 20); // chunks as made: ~625 MB
  expect(column.get(19_999 * 65_536)).toBe(20_000);
  column.delete(19_999 * 65_536);
  expect(column.get(19_999 * 65_536)).toBeUndefined();
  // Dense keys still get slots, and a key once in the map stays found there.
  for (let k = 1; k < 10_000; k += 1) column.set(k, -k);
  expect(column.get(9_999)).toBe(-9_999);
  expect(column.get(65_536)).toBe(2);
});
