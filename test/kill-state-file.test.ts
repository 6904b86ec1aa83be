import { seededRandom as random } from './support/seeded-random.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readState } from '../src/persist/state-stream.ts';
import { emptyObserved } from '../src/state/store-views.ts';
import { checkInvariants } from '../src/domain/invariants.ts';

/**
 * `--state-file` survives `kill -9` at any moment (issue 13). Each iteration starts the real CLI
 * (`node bin/omnitron-mock.js serve --state-file F --size 5 --port 0`) on the file the previous
 * iteration's kill left, fires writes at it — tag adds in a strict order, plan status moves,
 * request edits — and SIGKILLs it after a random delay: during a journal flush, a start-up
 * compaction, a snapshot rename, or between them. Every start must load the file; the state it
 * loads must satisfy every invariant, keep all it had loaded before (nothing on disk is lost),
 * and hold the ordered tags as a prefix (the writes that survived are the first ones, no gaps).
 *
 * Three lanes run side by side, each on its own file, to fit the loop's time budget.
 */

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;
const KILLS = 51;
const LANES = 3;
const TOKEN = 'kill-token';
const LOOP_BUDGET_MS = 240_000;
const dir = mkdtempSync(join(tmpdir(), 'omnitron-kill-'));
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

/** Starts the CLI on `file`; resolves once it listens, rejects (with its stderr) if it exits first. */
function start(file: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', '--state-file', file, '--size', '5', '--port', '0'], {
    env: { ...process.env, MOCK_TOKEN: TOKEN, LOG_LEVEL: 'warn', MOCK_WEBHOOK_URL: '', MOCK_ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s; stderr: ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${port}`, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${code}) before listening: ${err.trim()}`));
    });
  });
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Token ${TOKEN}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** What a start loaded: the invariants of the whole state, and the tags of the marker request. */
async function loaded(base: string, requestId: number): Promise<{ violations: string[]; tags: string[] }> {
  const res = await fetch(`${base}/__mock/state`);
  expect(res.status).toBe(200);
  const store = emptyObserved();
  await readState(res.body as unknown as AsyncIterable<Uint8Array>, store);
  return { violations: checkInvariants(store), tags: store.tags.cancellation_request.tagsOf(requestId) };
}

/** Ordered tags `L<lane>-<iteration>-<n>` that survived must be 0…m-1: a prefix, no gaps. */
function expectPrefix(tags: readonly string[], marker: string): void {
  const ns = tags.filter((t) => t.startsWith(`${marker}-`)).map((t) => Number(t.slice(marker.length + 1))).sort((a, b) => a - b);
  expect(ns, `tags of ${marker}`).toEqual(ns.map((_, i) => i));
}

/** Sends writes one after another until the process dies: ordered tag adds, with others mixed in. */
async function writeUntilKilled(base: string, marker: string, requestId: number, planIds: number[], rand: () => number): Promise<number> {
  const statuses = ['confirmed', 'approved', 'rejected', 'cancelled', 'waiting_for_payment', 'completed'];
  let acknowledged = 0;
  try {
    for (let n = 0; n < 10_000; n += 1) {
      const res = await call(base, 'POST', `/api/v1/cancellation_requests/${requestId}/add_tag/`, { key: `${marker}-${n}` });
      if (res.status !== 204) throw new Error(`add_tag answered ${res.status}`);
      acknowledged += 1;
      const pk = planIds[Math.floor(rand() * planIds.length)]!;
      await (await call(base, 'POST', `/api/v1/cancellation_plans/${pk}/update_status/`, { status: statuses[Math.floor(rand() * statuses.length)] })).arrayBuffer();
      await (await call(base, 'PATCH', `/api/v1/cancellation_requests/${requestId}/`, { description: `${marker} ${n}` })).arrayBuffer();
    }
  } catch {
    // The connection died with the process: the kill landed mid-request.
  }
  return acknowledged;
}

async function lane(index: number, kills: number, deadline: number): Promise<{ kills: number; acknowledged: number }> {
  const file = join(dir, `lane-${index}.ndjson`);
  const rand = random(1300 + index);
  let before: string[] = [];
  let acknowledged = 0;
  let done = 0;
  for (let k = 0; k <= kills; k += 1) {
    const running = await start(file);
    const requests = (await (await call(running.base, 'GET', '/api/v1/cancellation_requests/?limit=1000')).json()) as { results: Array<{ id: number }> };
    const plans = (await (await call(running.base, 'GET', '/api/v1/cancellation_plans/?limit=1000')).json()) as { results: Array<{ pk: number }> };
    const requestId = requests.results.at(-1)!.id;
    const state = await loaded(running.base, requestId);
    expect(state.violations, `lane ${index} start ${k}`).toEqual([]);
    expect(state.tags, `lane ${index} start ${k} lost what it had loaded before`).toEqual(expect.arrayContaining(before));
    if (k > 0) expectPrefix(state.tags, `L${index}-${k - 1}`);
    before = state.tags;
    if (k === kills) {
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      break;
    }
    expect(Date.now(), 'the kill loop ran past its time budget').toBeLessThan(deadline);
    // Kill at a random moment: right away (a start-up compaction), or 10–400 ms into the writes
    // (every write waits for its own append since issue 19: still several appends a lane, and
    // the kill lands in one, in a compaction or between them).
    const delay = rand() < 0.15 ? 0 : 10 + Math.floor(rand() * 390);
    const writes = writeUntilKilled(running.base, `L${index}-${k}`, requestId, plans.results.map((p) => p.pk), rand);
    await new Promise((r) => setTimeout(r, delay));
    running.child.kill('SIGKILL');
    await running.exited;
    acknowledged += await writes;
    done += 1;
  }
  return { kills: done, acknowledged };
}

describe('the state file under kill -9', () => {
  it(`always loads after ${KILLS} SIGKILLs at random moments during writes, with a prefix of the writes`, async () => {
    const started = Date.now();
    const perLane = Math.ceil(KILLS / LANES);
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, perLane, started + LOOP_BUDGET_MS)));
    const kills = results.reduce((n, r) => n + r.kills, 0);
    const acknowledged = results.reduce((n, r) => n + r.acknowledged, 0);
    console.log(`kill-state-file: ${kills} SIGKILLs in ${((Date.now() - started) / 1000).toFixed(1)} s, ${acknowledged} ordered writes acknowledged`);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  }, LOOP_BUDGET_MS + 60_000);
});
