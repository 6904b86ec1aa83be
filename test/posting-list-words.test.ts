import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostingList } from '../src/store/posting-list.ts';

/**
 * `PostingList.words()` hands its bit table to `bit-words.ts`, which ANDs it with others and
 * trusts it wholly: every held key a set bit, no other bit set, no held key past the table's end,
 * and null while a key no table can hold (not an integer in 0…2³²−1) is held.
 */
describe('a posting list\'s words', () => {
  it('hold exactly its keys, or are null while it holds a key no table can', () => {
    const key = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }) },
      { weight: 1, arbitrary: fc.constantFrom(-3, 0.5, 2 ** 32, 2 ** 32 + 7, 2 ** 40, 4_294_967_295) },
    );
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), key }),
      fc.record({ kind: fc.constant('delete' as const), key }),
      fc.record({ kind: fc.constant('words' as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.array(op, { maxLength: 150 }), (run, ops) => {
        const list = new PostingList(0, 1);
        const model = new Set([0, 1]);
        for (let k = 2; k < run; k += 1) {
          list.add(k);
          model.add(k);
        }
        const check = () => {
          const words = list.words();
          const odd = [...model].some((k) => k >>> 0 !== k);
          if (odd) {
            expect(words).toBeNull();
            return;
          }
          if (words === null) return;
          // Wrong bits gathered and compared once: an expect a bit made this test take 20–45 s.
          const past = [...model].filter((k) => k >>> 5 >= words.length);
          expect(past, 'keys past the table').toEqual([]);
          const wrong: number[] = [];
          for (let k = 0; k < words.length * 32; k += 1) if ((((words[k >>> 5]! >>> (k & 31)) & 1) === 1) !== model.has(k)) wrong.push(k);
          expect(wrong, 'bits that differ from the keys held').toEqual([]);
        };
        check();
        for (const o of ops) {
          if (o.kind === 'add') {
            list.add(o.key);
            model.add(o.key);
          } else if (o.kind === 'delete') {
            list.delete(o.key);
            model.delete(o.key);
          }
          check();
        }
      }),
      { numRuns: 300, seed: 26_013 },
    );
  });
});
