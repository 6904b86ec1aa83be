import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMock, type Mock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { AUTH, sharedSpecs, TEST_NOW, TOKEN } from './support/test-mock.ts';

/**
 * A reseed with a state file publishes nothing before its snapshot is written: while the snapshot
 * is on its way, health, the export's header and a new session still show the old seed and base,
 * and a snapshot that fails (503) leaves every one of them as it was.
 */

const mocks: Mock[] = [];
afterAll(async () => {
  for (const m of mocks) await m.admin.close().catch(() => undefined);
});

async function mockOn(file: string): Promise<Mock> {
  const { specs, checker } = await sharedSpecs();
  const mock = await buildMock(testConfig({ token: TOKEN, seed: 1, size: 4, stateFile: file }), {
    logger: silentLogger, clock: createFixedClock(TEST_NOW), specs, checker,
  });
  mocks.push(mock);
  // The first snapshot, which start-up began, is written before the test looks.
  await mock.admin.stateFile!.compact();
  return mock;
}

/** Holds the snapshot of the next reseed until `open()` is called: the window the test looks into. */
function holdSnapshot(mock: Mock): { reached: Promise<void>; open: () => void } {
  const state = mock.admin.state;
  const real = state.persister!;
  let reach!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const gate = new Promise<void>((r) => (open = r));
  state.persister = {
    async replace(content, header, swap) {
      reach();
      await gate;
      state.persister = real;
      return real.replace(content, header, swap);
    },
  };
  return { reached, open };
}

const get = (mock: Mock, path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(mock.app.request(path, { headers: { ...AUTH, ...headers } }));
const seedOfHealth = async (mock: Mock) => ((await (await get(mock, '/__mock/health')).json()) as { seed: number }).seed;
const exportHeader = async (mock: Mock) =>
  JSON.parse((await (await get(mock, '/__mock/state')).text()).split('\n')[0]!) as { seed: number; size: number };
const sessionPlans = async (mock: Mock, session: string) =>
  ((await (await get(mock, '/api/v1/cancellation_plans/', { 'X-Mock-Session': session })).json()) as { count: number }).count;
const reseed = (mock: Mock) =>
  Promise.resolve(mock.app.request('/__mock/reseed', {
    method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: 9, size: 40 }),
  }));

describe('a reseed with a state file', () => {
  it('shows the old seed and base until its snapshot is written, then the new', async () => {
    const mock = await mockOn(join(mkdtempSync(join(tmpdir(), 'omnitron-reseed-')), 'state.ndjson'));
    const held = holdSnapshot(mock);
    const answer = reseed(mock);
    await held.reached;
    expect(await seedOfHealth(mock)).toBe(1);
    expect(await exportHeader(mock)).toMatchObject({ seed: 1, size: 4 });
    expect(await sessionPlans(mock, 'meanwhile')).toBe(4);
    held.open();
    const res = await answer;
    expect(res.status).toBe(200);
    // The session made meanwhile was of the old base: the reseed drops it with the others.
    expect(((await res.json()) as { sessions_dropped: number }).sessions_dropped).toBe(1);
    expect(await seedOfHealth(mock)).toBe(9);
    expect(await exportHeader(mock)).toMatchObject({ seed: 9, size: 40 });
    expect(await sessionPlans(mock, 'after')).toBe(40);
  });

  it('changes nothing when its snapshot cannot be written (503): seed, header, state and sessions', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'omnitron-reseed-')), 'state.ndjson');
    const mock = await mockOn(file);
    const before = await (await get(mock, '/__mock/state')).text();
    const held = holdSnapshot(mock);
    const answer = reseed(mock);
    await held.reached;
    expect(await sessionPlans(mock, 'meanwhile')).toBe(4);
    // The snapshot's temporary file cannot be opened for writing: the snapshot fails for real.
    mkdirSync(`${file}.tmp`);
    held.open();
    const res = await answer;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'state_not_saved' });
    expect(await seedOfHealth(mock)).toBe(1);
    expect(await (await get(mock, '/__mock/state')).text()).toBe(before);
    // The session made while the reseed ran is of the old base, and stays.
    expect(await sessionPlans(mock, 'meanwhile')).toBe(4);
    expect(await sessionPlans(mock, 'later')).toBe(4);
  });
});
