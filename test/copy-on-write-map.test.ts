import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adoptionsInProgress } from '../src/state/adoption.ts';
import { MockState } from '../src/state/mock-state.ts';
import { OverlayMap } from '../src/state/overlay-map.ts';
import { SharedMap } from '../src/state/shared-map.ts';
import { observe, overlayOf, sharedViewOf } from '../src/state/store-views.ts';
import { TAG_VOCABULARY } from '../src/seed/seed-pools.ts';
import { seedStore } from '../src/seed/seed-store.ts';
import type { CopyOnWriteMap } from '../src/state/copy-on-write-map.ts';
import { isLayered } from '../src/store/store-map.ts';
import { createStore } from '../src/store/store.ts';

/**
 * The shared state and every session are copy-on-write views of the seeded store (ADR 0007): they
 * must answer exactly what a plain copy of it would, in the same order, through any writes, and
 * never write the seeded store itself.
 */

type Op = { kind: 'set'; key: number; value: string } | { kind: 'delete'; key: number } | { kind: 'clear' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 1, max: 30 }), value: fc.string({ maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

/** The shared state's view holds everything itself from its first write: a plain Map's order throughout. */
const views: ReadonlyArray<[string, (base: Map<number, string>) => CopyOnWriteMap<number, string>, boolean]> = [
  ['shared state (SharedMap)', (base) => new SharedMap('plans', base), true],
  ['session (OverlayMap)', (base) => new OverlayMap(base), false],
];

/** Everything a reader can ask a Map, each way of iterating included. */
function reading(map: Map<number, string>, probe: number[]) {
  const viaForEach: Array<[number, string]> = [];
  map.forEach((v, k, m) => {
    viaForEach.push([k, v]);
    expect(m).toBe(map);
  });
  return {
    size: map.size,
    entries: [...map.entries()],
    iterated: [...map],
    keys: [...map.keys()],
    values: [...map.values()],
    viaForEach,
    got: probe.map((k) => [map.get(k), map.has(k)]),
  };
}

describe('copy-on-write collections', () => {
  it.each(views)('a frozen %s keeps what it held, while the view goes on like a plain copy', (_name, make) => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 12 }), fc.array(fc.option(opArb, { freq: 4 }), { maxLength: 30 }), (keys, ops) => {
        const base = new Map<number, string>(keys.map((k) => [k, `seed-${k}`]));
        const before = [...base];
        const view = make(base);
        const copy = new Map(base);
        const frozen: Array<[ReadonlyMap<number, string>, Array<[number, string]>]> = [];
        for (const op of ops) {
          if (op === null) frozen.push([view.freeze(), [...copy]]);
          else if (op.kind === 'set') (view.set(op.key, op.value), copy.set(op.key, op.value));
          else if (op.kind === 'delete') expect(view.delete(op.key)).toBe(copy.delete(op.key));
          else (view.clear(), copy.clear());
          expect(new Map(view)).toEqual(copy);
          expect(view.size).toBe(copy.size);
        }
        for (const [map, held] of frozen) expect([...map].sort()).toEqual([...held].sort());
        expect([...base]).toEqual(before);
      }),
      { seed: 25, numRuns: 300 },
    );
  });

  it.each(views)('a %s answers what a plain copy answers, in the same order, through any writes', (_name, make, plainOrder) => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 12 }), fc.array(opArb, { maxLength: 25 }), (keys, ops) => {
        const base = new Map<number, string>(keys.map((k) => [k, `seed-${k}`]));
        const before = [...base];
        const view = make(base);
        const copy = new Map(base);
        const probe = Array.from({ length: 31 }, (_, i) => i);
        expect(reading(view, probe)).toEqual(reading(copy, probe));
        // Order matches a plain Map's except where a base key was deleted and set again: a
        // session's view brings it back at its base place, a Map last.
        let baseKeys = new Set(keys);
        const deletedFromBase = new Set<number>();
        let reordered = false;
        for (const op of ops) {
          if (op.kind === 'set') {
            if (deletedFromBase.has(op.key)) reordered = true;
            view.set(op.key, op.value);
            copy.set(op.key, op.value);
          } else if (op.kind === 'delete') {
            if (baseKeys.has(op.key)) deletedFromBase.add(op.key);
            expect(view.delete(op.key)).toBe(copy.delete(op.key));
          } else {
            baseKeys = new Set();
            deletedFromBase.clear();
            view.clear();
            copy.clear();
          }
          expect(reading(view, probe).size).toBe(copy.size);
        }
        const got = reading(view, probe);
        const want = reading(copy, probe);
        expect(got.size).toBe(want.size);
        expect(got.got).toEqual(want.got);
        expect(new Map(got.entries)).toEqual(new Map(want.entries));
        if (plainOrder || !reordered) expect(got.entries).toEqual(want.entries);
        expect(got.iterated).toEqual(got.entries);
        expect(got.keys).toEqual(got.entries.map(([k]) => k));
        expect(got.values).toEqual(got.entries.map(([, v]) => v));
        expect(got.viaForEach).toEqual(got.entries);
        // The seeded store is never written.
        expect([...base]).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a plain copy\'s order where no key was deleted and re-added', () => {
    for (const [, make] of views) {
      const base = new Map([[3, 'c'], [1, 'a'], [2, 'b']]);
      const view = make(base);
      view.set(1, 'A');
      view.set(9, 'new');
      view.delete(3);
      view.set(7, 'newer');
      expect([...view]).toEqual([[1, 'A'], [2, 'b'], [9, 'new'], [7, 'newer']]);
    }
  });

  it('tells the journal about every write to the shared state, and only a session shows its layers', () => {
    const base = new Map([[1, 'a']]);
    const shared = new SharedMap('plans', base);
    const heard: unknown[] = [];
    shared.observer = {
      onSet: (field, key, value) => heard.push(['set', field, key, value]),
      onDelete: (field, key) => heard.push(['delete', field, key]),
      onClear: (field) => heard.push(['clear', field]),
    };
    shared.set(2, 'b');
    shared.delete(1);
    shared.delete(1); // already gone: nothing to report
    shared.clear();
    expect(heard).toEqual([['set', 'plans', 2, 'b'], ['delete', 'plans', 1], ['clear', 'plans']]);
    // Indexes over the shared state are built over it whole (exact); a session's ask the base's.
    expect(isLayered(shared)).toBe(false);
    expect(isLayered(new OverlayMap(base))).toBe(true);
  });

  it('makes the shared state without copying the seed, and a reset gives the seeded state back', async () => {
    const base = createStore();
    seedStore(base, { seed: 7, size: 40 });
    const seeded = JSON.stringify([...base.plans]);
    const state = new MockState(base, { seed: 7, size: 40 }, { maxSessions: 5, now: () => '2025-06-02T09:00:00.000000Z' });
    const journal: unknown[] = [];
    observe(state.shared, {
      onSet: (field, key) => journal.push([field, key]),
      onDelete: (field, key) => journal.push([field, key, 'deleted']),
      onClear: (field) => journal.push([field, 'cleared']),
      onTag: () => undefined,
      onTagsCleared: () => undefined,
    });
    // Untouched, the shared state owns nothing: it reads the seeded store.
    expect((state.shared.plans as SharedMap<number, unknown>).ownSize).toBe(0);
    const first = [...state.shared.plans.keys()][0]!;
    const plan = state.shared.plans.get(first)!;
    expect(plan).toBe(base.plans.get(first));
    state.shared.plans.set(first, { ...plan, status: 'cancelled' });
    // Its first write starts making the collection the shared state's own, in the background:
    // layered until then (it holds the one key written), whole from then on.
    expect((state.shared.plans as SharedMap<number, unknown>).ownSize).toBe(1);
    expect((state.shared.plans as SharedMap<number, unknown>).adopting).toBe(true);
    expect((state.shared.orders as SharedMap<number, unknown>).ownSize).toBe(0);
    state.shared.plans.delete([...state.shared.plans.keys()][1]!);
    expect(journal).toHaveLength(2);
    expect(state.shared.plans.get(first)!.status).toBe('cancelled');
    expect(state.shared.plans.size).toBe(base.plans.size - 1);
    while (adoptionsInProgress() > 0) await new Promise((r) => setImmediate(r));
    expect((state.shared.plans as SharedMap<number, unknown>).ownSize).toBe(base.plans.size - 1);
    expect(state.shared.plans.get(first)!.status).toBe('cancelled');
    // The seeded store did not move, so a session and a reset both start from it.
    expect(JSON.stringify([...base.plans])).toBe(seeded);
    await state.resetShared();
    expect(JSON.stringify([...state.shared.plans])).toBe(seeded);
    expect((state.shared.plans as SharedMap<number, unknown>).ownSize).toBe(0);
  });

  it('copies the seeded tags into the shared state, apart from the seed, whether from a store or a session', () => {
    const base = createStore();
    seedStore(base, { seed: 3, size: 60 });
    const session = overlayOf(base);
    const [someId] = base.tags.cancellation_plan.entries()[0]!;
    session.tags.cancellation_plan.add(someId, 'from-session');
    for (const source of [base, session]) {
      const shared = sharedViewOf(source);
      for (const resource of ['cancellation_plan', 'cancellation_request'] as const) {
        const from = source.tags[resource];
        const to = shared.tags[resource];
        expect(to.entries()).toEqual(from.entries());
        for (const tag of [...TAG_VOCABULARY, 'from-session']) expect([...to.idsWith(tag)].sort()).toEqual([...from.idsWith(tag)].sort());
      }
      const before = JSON.stringify(source.tags.cancellation_plan.entries());
      const seeded = source.tags.cancellation_plan.tagsOf(someId)[0]!;
      shared.tags.cancellation_plan.remove(someId, seeded);
      shared.tags.cancellation_plan.add(someId, 'only-shared');
      expect(shared.tags.cancellation_plan.tagsOf(someId)).not.toContain(seeded);
      expect(source.tags.cancellation_plan.tagsOf(someId)).toContain(seeded);
      expect(source.tags.cancellation_plan.idsWith(seeded).has(someId)).toBe(true);
      expect(JSON.stringify(source.tags.cancellation_plan.entries())).toBe(before);
      expect(source.tags.cancellation_plan.idsWith('only-shared').size).toBe(0);
    }
  });
});
