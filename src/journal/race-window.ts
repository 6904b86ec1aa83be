import type { Store } from '../store/store.ts';

/**
 * TEST-ONLY (issue 13). A pause a handler may be told to take between reading the state and
 * writing it — the bug every async server is one refactor away from. The concurrency test turns
 * it on for one handler (`update_status`) to prove that its replay comparison catches the lost
 * update that follows; production never sets it, so no handler awaits between read and write.
 */
export type RaceWindow = () => Promise<void>;

/**
 * Runs `write` the way a racy handler would: the plan is read first, then the window is
 * awaited (other requests run meanwhile), then the write is decided on the plan *as it was
 * read* — `store.plans.get(planPk)` answers that stale copy — while every write lands in the
 * live store.
 */
export async function writeAfterStaleRead<T>(
  store: Store,
  planPk: number,
  window: RaceWindow,
  write: (store: Store) => T,
): Promise<T> {
  const read = store.plans.get(planPk);
  await window();
  const live = store.plans;
  const plans = new Proxy(live, {
    get(target, prop) {
      if (prop === 'get') return (key: number) => (key === planPk ? read : target.get(key));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return write({ ...store, plans });
}
