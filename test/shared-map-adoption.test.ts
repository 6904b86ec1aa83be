import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adoptionsInProgress, setAdoption, type AdoptionSettings } from '../src/state/adoption.ts';
import { SharedMap } from '../src/state/shared-map.ts';

/**
 * A shared collection takes its base in after its first write, slice by slice (issue 19 item 4):
 * whatever lands between the slices — writes, reads, iterations, a `freeze` — it must answer what
 * a plain `Map` answers, in the same order, and so must every map it froze. The slices are driven
 * here by hand, a few entries each, so an adoption spans many steps of the sequence.
 */

type Op =
  | { kind: 'set'; key: number; value: string }
  | { kind: 'delete'; key: number }
  | { kind: 'slice' }
  | { kind: 'iterate'; stopAfter: number }
  | { kind: 'freeze' }
  | { kind: 'clear' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 1, max: 30 }), value: fc.string({ maxLength: 2 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 6, arbitrary: fc.constant({ kind: 'slice' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('iterate' as const), stopAfter: fc.integer({ min: 0, max: 25 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'freeze' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

/** Slices waiting for their turn: the test runs them one at a time. */
let queue: Array<() => boolean> = [];
let previous: AdoptionSettings;

function runOneSlice(): void {
  const slice = queue.shift();
  if (slice && !slice()) queue.push(slice);
}

beforeEach(() => {
  queue = [];
  previous = setAdoption({ sliceEntries: 3, chunkEntries: 4, schedule: (slice) => void queue.push(slice) });
});
afterEach(() => {
  setAdoption(previous);
});

function snapshot(map: ReadonlyMap<number, string>, probe: number[]) {
  const viaForEach: Array<[number, string]> = [];
  map.forEach((v, k) => viaForEach.push([k, v]));
  return {
    size: map.size,
    entries: [...map.entries()],
    keys: [...map.keys()],
    values: [...map.values()],
    viaForEach,
    got: probe.map((k) => [map.get(k), map.has(k)]),
  };
}

describe('a shared collection adopting its base in slices', () => {
  it('answers what a plain Map answers, order included, through any interleaving of writes, reads, freezes and slices', () => {
    const probe = Array.from({ length: 32 }, (_, i) => i);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 24 }), { maxLength: 20 }), fc.array(opArb, { maxLength: 60 }), (keys, ops) => {
        queue = [];
        const base = new Map<number, string>(keys.map((k) => [k, `seed-${k}`]));
        const before = [...base];
        const view = new SharedMap<number, string>('plans', base);
        const model = new Map(base);
        const frozen: Array<[ReadonlyMap<number, string>, Array<[number, string]>]> = [];
        for (const op of ops) {
          if (op.kind === 'set') (view.set(op.key, op.value), model.set(op.key, op.value));
          else if (op.kind === 'delete') expect(view.delete(op.key)).toBe(model.delete(op.key));
          else if (op.kind === 'slice') runOneSlice();
          else if (op.kind === 'iterate') {
            // A partial iteration, a slice in the middle of it: what it saw is the model's start.
            const seen: Array<[number, string]> = [];
            for (const entry of view) {
              if (seen.length === op.stopAfter) break;
              seen.push(entry);
            }
            runOneSlice();
            expect(seen).toEqual([...model].slice(0, op.stopAfter));
          } else if (op.kind === 'freeze') frozen.push([view.freeze(), [...model]]);
          else (view.clear(), model.clear());
          expect(snapshot(view, probe)).toEqual(snapshot(model, probe));
        }
        while (queue.length > 0) runOneSlice();
        expect(view.adopting).toBe(false);
        expect(snapshot(view, probe)).toEqual(snapshot(model, probe));
        for (const [map, held] of frozen) expect([...map]).toEqual(held);
        expect([...base]).toEqual(before);
      }),
      { seed: 19, numRuns: 250 },
    );
    expect(adoptionsInProgress()).toBe(0);
  });

  it('spans several slices, holds everything itself once done, and tells the journal of each write once', () => {
    const base = new Map<number, string>(Array.from({ length: 20 }, (_, i) => [i + 1, `seed-${i + 1}`]));
    const view = new SharedMap<number, string>('plans', base);
    const heard: unknown[] = [];
    view.observer = {
      onSet: (_f, key, value, had, previous) => heard.push(['set', key, value, had, previous]),
      onDelete: (_f, key, previous) => heard.push(['delete', key, previous]),
      onClear: () => heard.push(['clear']),
    };
    view.set(3, 'three');
    expect(view.adopting).toBe(true);
    expect(view.ownSize).toBe(1);
    let slices = 0;
    view.delete(5);
    view.set(5, 'back');
    while (queue.length > 0) (runOneSlice(), (slices += 1));
    expect(slices).toBeGreaterThanOrEqual(7);
    expect(view.adopting).toBe(false);
    expect(view.ownSize).toBe(20);
    const keys = [...view.keys()];
    expect(keys.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(keys.at(-1)).toBe(5);
    expect(heard).toEqual([['set', 3, 'three', true, 'seed-3'], ['delete', 5, 'seed-5'], ['set', 5, 'back', false, undefined]]);
  });
});
