import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TagIndex } from '../src/store/tag-index.ts';

/**
 * `TagIndex.freeze()` (issue 19: a session made `from: shared` at 150,000 plans copied every tag
 * set in one 80–100 ms block) answers the index as it is at no copy, and the index goes on as
 * layers over what it froze, merged in the background. Held to a plain index that never freezes:
 * after any sequence of adds, removes, clears, freezes and merges, the live index answers as that
 * one does — entries in the same order, the same ids per tag — and every frozen index still
 * answers what the live one did when it was frozen.
 */
const IDS = [1, 2, 3, 4, 5, 6];
const TAGS = ['a', 'b', 'c', 'd'];

type Op =
  | { op: 'add' | 'remove'; id: number; tag: string }
  | { op: 'clear' | 'freeze' | 'settle' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('add' as const, 'remove' as const), id: fc.constantFrom(...IDS), tag: fc.constantFrom(...TAGS) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  { weight: 3, arbitrary: fc.constant({ op: 'freeze' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'settle' as const }) },
);

/** What an index answers, whole: entries in order, and every tag's ids. */
function answers(index: TagIndex) {
  return {
    entries: index.entries(),
    ids: TAGS.map((tag) => [...index.idsWith(tag)].sort()),
    has: IDS.flatMap((id) => TAGS.map((tag) => index.has(id, tag))),
    tagsOf: IDS.map((id) => index.tagsOf(id)),
  };
}

describe('TagIndex.freeze', () => {
  it('keeps the live index equal to a plain one, and every frozen index as it was', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 60 }), async (ops) => {
        const live = new TagIndex();
        const plain = new TagIndex();
        const frozen: Array<{ index: TagIndex; was: ReturnType<typeof answers> }> = [];
        for (const step of ops) {
          if (step.op === 'add' || step.op === 'remove') {
            live[step.op](step.id, step.tag);
            plain[step.op](step.id, step.tag);
          } else if (step.op === 'clear') {
            live.clear();
            plain.clear();
          } else if (step.op === 'freeze') {
            frozen.push({ index: live.freeze(), was: answers(plain) });
          } else await live.settled();
          expect(answers(live)).toEqual(answers(plain));
        }
        await live.settled();
        expect(answers(live)).toEqual(answers(plain));
        for (const f of frozen) expect(answers(f.index)).toEqual(f.was);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses writes to a frozen index and copies nothing while nothing was written', () => {
    const live = new TagIndex();
    live.add(1, 'a');
    const first = live.freeze();
    expect(() => first.add(2, 'b')).toThrow(/frozen/);
    expect(() => first.remove(1, 'a')).toThrow(/frozen/);
    expect(() => first.clear()).toThrow(/frozen/);
    expect(live.freeze()).toBe(first);
    live.add(2, 'b');
    expect(live.freeze()).not.toBe(first);
    expect(first.entries()).toEqual([[1, ['a']]]);
  });
});
