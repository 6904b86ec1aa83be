import { unbuiltMarkCount, whenBuilt, type SlicedBuild } from './sliced-build.ts';
import { isLayered } from './store-map.ts';

/**
 * `whenBuilt` for one kind of list, remembered per store object: once every build `targets(store)`
 * names was seen built, a later call answers null after two comparisons — the store holds the same
 * `collections(store)` (a reset, reseed or import assigns new ones) and no build anywhere became
 * unbuilt since (`unbuiltMarkCount`) — instead of looking up every index again (7–10 derived-index
 * lookups and an array a list request). Anything else asks `whenBuilt`, which warms what is missing.
 * A store with a session's copy-on-write collections is asked every time (its index objects are
 * made per call, over a lower map that can change).
 * @example const planIndexesReady = readinessOf((s) => [indexOf(s, …), …], (s) => [s.plans, s.orders]);
 */
export function readinessOf<S extends object>(
  targets: (store: S) => ReadonlyArray<Partial<SlicedBuild> | null>,
  collections: (store: S) => readonly object[],
): (store: S) => Promise<void> | null {
  const seen = new WeakMap<S, { marks: number; collections: readonly object[] }>();
  return (store) => {
    const was = seen.get(store);
    if (was !== undefined && was.marks === unbuiltMarkCount() && sameItems(was.collections, collections(store))) return null;
    const waiting = whenBuilt(() => targets(store));
    if (waiting !== null) return waiting;
    const now = collections(store);
    if (now.every((c) => !isLayered(c as ReadonlyMap<unknown, unknown>))) seen.set(store, { marks: unbuiltMarkCount(), collections: now });
    else seen.delete(store);
    return null;
  };
}

function sameItems(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
