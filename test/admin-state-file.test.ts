import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;
const open: TestMock[] = [];
afterAll(async () => {
  for (const m of open) await m.admin.close();
});

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'omnitron-state-')), 'state.ndjson');
async function mockOn(stateFile: string, size = 10): Promise<TestMock> {
  const mock = await createTestMock({ size, stateFile });
  open.push(mock);
  return mock;
}
const exportOf = async (mock: TestMock) => (await mock.request('/__mock/state')).text();
const movable = (mock: TestMock) =>
  [...mock.store.plans.values()].find((p) =>
    ['waiting', 'waiting_supplier', 'confirmation_waiting', 'confirmed'].includes(p.status),
  )!;
const cancelPlan = (mock: TestMock, pk: number) =>
  mock.request(`/api/v1/cancellation_plans/${pk}/update_status/`, {
    method: 'POST',
    headers: { ...AUTH, ...JSON_TYPE },
    body: JSON.stringify({ status: 'cancelled' }),
  });
const tagRequest = (mock: TestMock, id: number, key: string) =>
  mock.request(`/api/v1/cancellation_requests/${id}/add_tag/`, {
    method: 'POST',
    headers: { ...AUTH, ...JSON_TYPE },
    body: JSON.stringify({ key }),
  });
const journals = (file: string) =>
  readdirSync(join(file, '..'))
    .filter((n) => n.startsWith('state.ndjson.journal.'))
    .sort();
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('--state-file in process', () => {
  it('journals every change within a second and loads it all back on the next start', async () => {
    const file = tmpFile();
    const first = await mockOn(file);
    await first.admin.stateFile!.compact(); // the start-up snapshot of a new file
    const plan = movable(first);
    expect((await cancelPlan(first, plan.pk)).status).toBe(200);
    const request = [...first.store.requests.values()][0]!;
    expect((await tagRequest(first, request.id, 'kept')).status).toBe(204);
    await first.request('/__mock/fixtures', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ kind: 'plan', status: 'completed' }),
    });
    // No flush by hand: the journal timer writes within a second.
    await new Promise((r) => setTimeout(r, 1300));
    const journal = readFileSync(join(file, '..', journals(file).at(-1)!), 'utf8');
    expect(journal).toContain(`"k":${plan.pk},"v":{"pk":${plan.pk}`);
    expect(journal).toContain('"add":"kept"');
    // One mock per file: a second one is refused while the first holds the lock.
    await expect(createTestMock({ size: 10, stateFile: file })).rejects.toThrow(
      /is in use by process/,
    );
    const exported = await exportOf(first);
    await first.admin.close();
    const second = await mockOn(file);
    expect(second.store.plans.get(plan.pk)!.status).toBe('cancelled');
    expect(second.store.tags.cancellation_request.tagsOf(request.id)).toContain('kept');
    expect(await exportOf(second)).toBe(exported);
  });

  it('folds the journals into an atomic snapshot in short slices, and loads the same state from it', async () => {
    const file = tmpFile();
    const mock = await mockOn(file, 30);
    await cancelPlan(mock, movable(mock).pk);
    await mock.admin.stateFile!.flush();
    expect(journals(file).length).toBeGreaterThan(0);
    await mock.admin.stateFile!.compact();
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!)).toMatchObject({
      format: 'omnitron-mock-state',
      generation: expect.any(Number),
    });
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(mock.admin.stateFile!.lastSnapshot!.maxSliceCpuMs).toBeLessThan(50);
    await tagRequest(mock, [...mock.store.requests.values()][1]!.id, 'after-snapshot');
    await mock.admin.close();
    const again = await mockOn(file, 30);
    expect(await exportOf(again)).toBe(await exportOf(mock));
  });

  it('keeps resets and imports: the answer comes once the new state is on disk', async () => {
    const file = tmpFile();
    const mock = await mockOn(file);
    const seeded = await exportOf(mock);
    await cancelPlan(mock, movable(mock).pk);
    const changed = await exportOf(mock);
    expect((await mock.request('/__mock/reset', { method: 'POST' })).status).toBe(200);
    await mock.admin.close();
    const reopened = await mockOn(file);
    expect(await exportOf(reopened)).toBe(seeded);
    const put = await reopened.request('/__mock/state', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: changed,
    });
    expect(put.status).toBe(200);
    await reopened.admin.close();
    expect(await exportOf(await mockOn(file))).toBe(changed);
  });

  it('skips a journal line cut short by a crash', async () => {
    const file = tmpFile();
    const mock = await mockOn(file);
    await cancelPlan(mock, movable(mock).pk);
    await mock.admin.close();
    appendFileSync(
      join(file, '..', journals(file).at(-1)!),
      '{"map":"plans","k":1,"v":{"pk":1,"sta',
    );
    const again = await mockOn(file);
    expect(await exportOf(again)).toBe(await exportOf(mock));
  });

  it('starts from the seed the file names, whatever SEED and MOCK_SIZE say', async () => {
    const file = tmpFile();
    const mock = await createTestMock({ size: 7, seed: 3, stateFile: file });
    await mock.admin.stateFile!.compact();
    await mock.admin.close();
    const again = await mockOn(file, 12);
    expect(again.store.plans.size).toBe(7);
    expect(again.admin.state.header()).toMatchObject({ seed: 3, size: 7 });
  });

  it('stops on a corrupt file with one line and leaves it untouched', async () => {
    const file = tmpFile();
    writeFileSync(
      file,
      '{"format":"omnitron-mock-state","version":1,"seed":1,"size":5}\n{"map":"plans","k":1,"v":\n',
    );
    const before = sha(file);
    await expect(createTestMock({ size: 5, stateFile: file })).rejects.toThrow(
      /^state file .* is corrupt: line 2: .*\(left untouched; fix or move it to start\)$/,
    );
    expect(sha(file)).toBe(before);
    expect(readdirSync(join(file, '..'))).toEqual(['state.ndjson']);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function serveCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', MOCK_TOKEN: 'state-token' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = async () => {
    const end = Date.now() + 25_000;
    while (!out.includes('listening')) {
      if (Date.now() > end) throw new Error(`no banner; stderr: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, listening, err: () => err };
}

describe('--state-file across a restart of the CLI', () => {
  it('survives SIGTERM and a restart', { timeout: 90_000 }, async () => {
    const file = tmpFile();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const headers = { Authorization: 'Token state-token', 'Content-Type': 'application/json' };
    const first = serveCli(['--size', '15', '--port', String(port), '--state-file', file]);
    await first.listening();
    const plans = (await (
      await fetch(`${base}/api/v1/cancellation_plans/?limit=100`, { headers })
    ).json()) as { results: Array<{ pk: number; status: string }> };
    const plan = plans.results.find((p) =>
      ['waiting', 'waiting_supplier', 'confirmation_waiting', 'confirmed'].includes(p.status),
    )!;
    expect(
      (
        await fetch(`${base}/api/v1/cancellation_plans/${plan.pk}/update_status/`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ status: 'cancelled' }),
        })
      ).status,
    ).toBe(200);
    const fixture = await json(
      await fetch(`${base}/__mock/fixtures`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'order', items: 2 }),
      }),
    );
    // SIGTERM at once: the write is not a second old, so only the shutdown flush can keep it.
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = serveCli(['--size', '15', '--port', String(port), '--state-file', file]);
    await second.listening();
    const after = await json(
      await fetch(`${base}/api/v1/cancellation_plans/${plan.pk}/`, { headers }),
    );
    expect(after.status).toBe('cancelled');
    const health = await json(await fetch(`${base}/__mock/health`));
    expect(health.counts.orders).toBeGreaterThan(0);
    const state = await (await fetch(`${base}/__mock/state`)).text();
    expect(state).toContain(`{"map":"orders","k":${fixture.order},`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it(
    'refuses a corrupt file with one line, a non-zero exit, and the file untouched',
    { timeout: 60_000 },
    async () => {
      const file = tmpFile();
      writeFileSync(file, 'this is not a state file\n');
      const before = sha(file);
      const p = serveCli(['--size', '5', '--port', String(await freePort()), '--state-file', file]);
      expect(await p.exited).not.toBe(0);
      const lines = p.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/state file .* is corrupt: line 1: /);
      expect(sha(file)).toBe(before);
    },
  );
});
