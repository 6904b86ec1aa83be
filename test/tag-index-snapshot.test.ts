import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_SLICE_MS } from '../src/common/run-in-slices.ts';
import { TagIndex } from '../src/store/tag-index.ts';

/**
 * `TagIndex.snapshot()` (issue 19: a session made `from: shared` at 150,000 plans copied every
 * tag set in one 80–100 ms block) copies an index at no copy: both go on as layers over what was
 * frozen, merged in the background. Held to plain indexes that copy for real: after any sequence
 * of adds, removes, clears, snapshots (of the live index or of a copy) and merges in progress or
 * done, every index
 * answers as its plain twin does — entries in the same order, the same ids per tag — so no write
 * to one reaches another; and every index's ids in key order are its ids, sorted.
 */
const IDS = [1, 2, 3, 4, 5, 6];
const TAGS = ['a', 'b', 'c', 'd'];

type Op =
  | { op: 'add' | 'remove'; at: number; id: number; tag: string }
  | { op: 'clear' | 'snapshot'; at: number }
  | { op: 'turn' }
  | { op: 'settle' };

const at = fc.nat({ max: 7 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('add' as const, 'remove' as const), at, id: fc.constantFrom(...IDS), tag: fc.constantFrom(...TAGS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const), at }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('snapshot' as const), at }) },
  { weight: 2, arbitrary: fc.constant({ op: 'turn' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'settle' as const }) },
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

/**
 * Per tag, whether the ids in key order (`ascendingIdsWith`, kept by `add`/`remove` once asked
 * for: the plan list's `tag` pages read it by position) are the index's own ids sorted.
 */
function sortedAgrees(index: TagIndex): boolean[] {
  return TAGS.map((tag) => {
    const run = index.ascendingIdsWith(tag);
    const got = run === null ? null : Array.from({ length: run.to - run.from }, (_, i) => run.keys[run.from + i]);
    return JSON.stringify(got) === JSON.stringify([...index.idsWith(tag)].sort((a, b) => a - b));
  });
}

type Write = { op: 'add' | 'remove'; id: number; tag: string } | { op: 'clear' };

/**
 * A real copy of a plain index: the same writes replayed into a new one. A copy is the index as
 * it is, so an id whose tags were all removed keeps its place in the order, as in the index itself
 * (a copy made from `entries()` would drop it, and a later tag would put it last in one and not in
 * the other).
 */
function plainCopy(history: readonly Write[]): TagIndex {
  const copy = new TagIndex();
  for (const w of history) {
    if (w.op === 'clear') copy.clear();
    else copy[w.op](w.id, w.tag);
  }
  return copy;
}

describe('TagIndex.snapshot', () => {
  // Merges of frozen layers span turns of the event loop (one layer a turn), so that snapshots
  // and writes land in the middle of them.
  beforeAll(() => {
    TagIndex.mergeSliceMs = 0;
  });
  afterAll(() => {
    TagIndex.mergeSliceMs = BACKGROUND_SLICE_MS;
  });

  it('keeps every index and every copy equal to a plain twin, whatever is written to which', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 60 }), async (ops) => {
        const pairs: Array<{ index: TagIndex; plain: TagIndex; history: Write[] }> = [{ index: new TagIndex(), plain: new TagIndex(), history: [] }];
        for (const step of ops) {
          if (step.op === 'settle') await Promise.all(pairs.map((p) => p.index.settled()));
          else if (step.op === 'turn') await new Promise((turn) => setImmediate(turn));
          else {
            const pair = pairs[step.at % pairs.length]!;
            if (step.op === 'add' || step.op === 'remove') {
              pair.index[step.op](step.id, step.tag);
              pair.plain[step.op](step.id, step.tag);
              pair.history.push(step);
            } else if (step.op === 'clear') {
              pair.index.clear();
              pair.plain.clear();
              pair.history.push({ op: 'clear' });
            } else pairs.push({ index: pair.index.snapshot(), plain: plainCopy(pair.history), history: [...pair.history] });
          }
          for (const p of pairs) expect(answers(p.index)).toEqual(answers(p.plain));
          for (const p of pairs) expect(sortedAgrees(p.index)).toEqual(TAGS.map(() => true));
        }
        await Promise.all(pairs.map((p) => p.index.settled()));
        for (const p of pairs) expect(answers(p.index)).toEqual(answers(p.plain));
      }),
      {
        numRuns: 1000,
        examples: [
          // A merge landing after a newer snapshot must not drop the writes between the two.
          [[{ op: 'snapshot', at: 0 }, { op: 'add', at: 7, id: 1, tag: 'a' }, { op: 'snapshot', at: 1 }, { op: 'clear', at: 4 }]],
          // An id whose tags were all removed keeps its place in a copy, as in the index copied.
          [[{ op: 'add', at: 0, id: 3, tag: 'd' }, { op: 'remove', at: 0, id: 3, tag: 'd' }, { op: 'add', at: 0, id: 1, tag: 'a' }, { op: 'snapshot', at: 0 }, { op: 'add', at: 1, id: 3, tag: 'a' }]],
        ],
      },
    );
  });

  it('freezes nothing new while nothing was written since the last copy', () => {
    const live = new TagIndex();
    live.add(1, 'a');
    const first = live.snapshot();
    const second = live.snapshot();
    // Both copies stand on the one frozen layer: the second snapshot made no empty layer of its own.
    const below = (index: TagIndex) => (index as unknown as { below: TagIndex | null }).below;
    expect(below(second)).toBe(below(first));
    expect(below(live)).toBe(below(first));
    second.add(2, 'b');
    live.remove(1, 'a');
    expect(first.entries()).toEqual([[1, ['a']]]);
    expect(second.entries()).toEqual([[1, ['a']], [2, ['b']]]);
    expect(live.entries()).toEqual([]);
  });
});
