import type { TestMock } from './test-mock.ts';

/**
 * Runs `work` while one `/__mock/health` call at a time is kept in flight (the next sent as soon as
 * one is answered), and counts the 200s that arrive before `work` settles: each one was let
 * through between the slices of whatever `work` started (issue 19: a reseed, a first list's index
 * builds). A `work` done in one step lets none through.
 */
export async function healthAnswersDuring<T>(mock: TestMock, work: () => Promise<T>): Promise<{ health: number; result: T }> {
  let health = 0;
  let done = false;
  const ask = (): void => {
    void Promise.resolve(mock.app.request('/__mock/health')).then((r) => {
      if (done) return;
      if (r.status === 200) health += 1;
      setImmediate(ask);
    });
  };
  ask();
  try {
    const result = await work();
    return { health, result };
  } finally {
    done = true;
  }
}
