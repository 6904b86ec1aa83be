import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { nodeIo, type StateFileIo } from '../src/persist/journal-append.ts';
import { flakyIo, type Fate } from './support/flaky-io.ts';
import { AUTH, createTestMock, sharedSpecs, TEST_NOW, TOKEN, type TestMock } from './support/test-mock.ts';

const open: Array<{ admin: { close(): Promise<void> } }> = [];
afterAll(async () => {
  for (const m of open) await m.admin.close().catch(() => undefined);
});

async function mockOn(file: string, io?: StateFileIo) {
  const { specs, checker } = await sharedSpecs();
  const violations: unknown[] = [];
  const mock = await buildMock(testConfig({ token: TOKEN, size: 8, stateFile: file }), {
    logger: silentLogger, clock: createFixedClock(TEST_NOW), specs, checker, onViolation: (v) => violations.push(v), ...(io && { stateFileIo: io }),
  });
  open.push(mock);
  return { mock, violations };
}
const tag = (mock: { app: { request: (p: string, i: RequestInit) => Response | Promise<Response> } }, id: number, key: string) =>
  Promise.resolve(mock.app.request(`/api/v1/cancellation_requests/${id}/add_tag/`, {
    method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ key }),
  }));
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'omnitron-full-')), 'state.ndjson');

describe('a full disk never corrupts the state file (durable appends)', () => {
  it('answers 503 for a write whose append fails, undoes it, and loads a gap-free prefix (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom<Fate>('ok', 'ok', 'short', 'enospc'), { minLength: 1, maxLength: 8 }), async (fates) => {
        const file = tmpFile();
        const { mock, violations } = await mockOn(file, flakyIo([...fates]));
        await mock.admin.stateFile!.compact();
        const id = [...mock.store.requests.values()][0]!.id;
        const acknowledged: string[] = [];
        for (let i = 0; i < fates.length; i += 1) {
          const res = await tag(mock, id, `w${i}`);
          const body = await res.text();
          expect([204, 503], body).toContain(res.status);
          if (res.status === 204) acknowledged.push(`w${i}`);
          else expect(JSON.parse(body)).toMatchObject({ code: 'state_not_saved' });
          // Memory holds the acknowledged writes only: a 503'd write is not visible.
          expect(mock.store.tags.cancellation_request.tagsOf(id).filter((t) => t.startsWith('w'))).toEqual(acknowledged);
        }
        expect(violations).toEqual([]);
        expect(mock.journal.entries()).toHaveLength(acknowledged.length);
        await mock.admin.close();
        const again = await mockOn(file);
        expect(again.mock.store.tags.cancellation_request.tagsOf(id).filter((t) => t.startsWith('w'))).toEqual(acknowledged);
        await again.mock.admin.close();
      }),
      { numRuns: 15, seed: 19_002 },
    );
  }, 120_000);

  it('on a real small tmpfs: writes past the full disk answer 503, and what loads is what was acknowledged', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'omnitron-tmpfs-'));
    const mount = join(dir, 'mnt');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (err) {
      console.log(`tmpfs test skipped: cannot mount a tmpfs here (${String((err as Error).message).split('\n')[0]})`);
      rmSync(dir, { recursive: true, force: true });
      ctx.skip();
      return;
    }
    try {
      const file = join(mount, 'state.ndjson');
      const mock: TestMock = await createTestMock({ size: 8, stateFile: file });
      open.push(mock);
      await mock.admin.stateFile!.compact();
      const id = [...mock.store.requests.values()][0]!.id;
      const acknowledged: string[] = [];
      let refused = 0;
      for (let i = 0; i < 1500 && refused < 3; i += 1) {
        const res = await tag(mock, id, `w${i}-${'x'.repeat(50)}`);
        expect([204, 503]).toContain(res.status);
        if (res.status === 204) acknowledged.push(`w${i}-`);
        else refused += 1;
      }
      expect(refused).toBeGreaterThan(0);
      // A snapshot the full disk stopped removes its partial `.tmp`: writes go on being saved until the disk is full.
      expect(acknowledged.length).toBeGreaterThan(0);
      await mock.admin.close();
      const again = await createTestMock({ size: 8, stateFile: file });
      open.push(again);
      const loaded = again.store.tags.cancellation_request.tagsOf(id).filter((t) => t.startsWith('w')).map((t) => t.slice(0, t.indexOf('-') + 1));
      // Tags list sorted (w10- before w2-): the same set, whatever the count that fitted.
      expect(loaded).toEqual([...acknowledged].sort());
      await again.admin.close();
    } finally {
      try {
        execFileSync('umount', ['-l', mount], { stdio: 'pipe' });
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Left for the OS to clean up.
      }
    }
  }, 60_000);
});

describe('an answered write is synced to the disk', () => {
  it('has its append fdatasync-ed before the answer, and a failed sync answers 503 with the change undone', async () => {
    const events: string[] = [];
    let failSync = false;
    const io: StateFileIo = {
      async openAppend(path) {
        const real = await nodeIo.openAppend(path);
        return {
          ...real,
          write: (d, o, l) => (events.push('write'), real.write(d, o, l)),
          sync: async () => {
            events.push('sync');
            if (failSync) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
            await real.sync!();
          },
        };
      },
    };
    const { mock } = await mockOn(tmpFile(), io);
    await mock.admin.stateFile!.compact();
    const id = [...mock.store.requests.values()][0]!.id;
    events.length = 0;
    const res = await tag(mock, id, 'synced');
    events.push(`answer ${res.status}`);
    // (A new journal's header, written and synced, may come first.)
    expect(events.slice(-3)).toEqual(['write', 'sync', 'answer 204']);
    failSync = true;
    const refused = await tag(mock, id, 'unsynced');
    expect(refused.status).toBe(503);
    expect(mock.store.tags.cancellation_request.tagsOf(id)).toContain('synced');
    expect(mock.store.tags.cancellation_request.tagsOf(id)).not.toContain('unsynced');
  });
});

describe('admin writes and a full disk', () => {
  const fixture = (mock: { app: { request: (p: string, i: RequestInit) => Response | Promise<Response> } }) =>
    Promise.resolve(mock.app.request('/__mock/fixtures', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'order' }),
    }));

  it('answer a fixture whose append fails 503, as the admin document says, and create nothing', async () => {
    const file = tmpFile();
    const { mock, violations } = await mockOn(file, flakyIo(['enospc', 'enospc', 'enospc']));
    const orders = mock.store.orders.size;
    const res = await fixture(mock);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'state_not_saved' });
    expect(mock.store.orders.size).toBe(orders);
    expect(violations).toEqual([]);
  });

  it('keep an acknowledged fixture in what a SIGKILL right after its answer leaves on disk', async () => {
    const file = tmpFile();
    const { mock } = await mockOn(file);
    await mock.admin.stateFile!.compact();
    const res = await fixture(mock);
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: number };
    // The files as they are the moment the answer came (no flush, no close): what a kill leaves.
    const copy = tmpFile();
    for (const name of readdirSync(dirname(file)).filter((n) => !n.endsWith('.lock')))
      copyFileSync(join(dirname(file), name), join(dirname(copy), name));
    const again = await mockOn(copy);
    expect(again.mock.store.orders.has(order)).toBe(true);
    await again.mock.admin.close();
  });
});
