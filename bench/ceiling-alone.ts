// Is front-door-inprocess.ts's `hono` side the ceiling the HTTP benches measure? (issue 26,
// eighteenth session, rl4). There, bare Hono answers the mock's bytes inside the bench's own
// process — beside one or more seeded mocks, whose heap its collector marks and whose young
// generation it shares, under npm start's `--max-semi-space-size=4` — while over HTTP
// bench/ceiling-server.mjs answers them from a process of its own holding nothing else, started
// without that flag. This runs the same bare Hono listener, through the same in-process harness
// (a real IncomingMessage / ServerResponse on a socket that drops what is written), in three places,
// rounds alternating: `beside` (in this process, beside a seeded mock, as front-door-inprocess.ts
// measures it), `alone` (a child process holding only the ceiling, with npm start's flags) and
// `alone-noflags` (the same, without them: the HTTP ceiling's process). CPU µs a request from
// process.cpuUsage, minor/major collections a 1,000 requests.
//   node --import tsx bench/ceiling-alone.ts [request-list|request-detail]   (N=20000 ROUNDS=6)
// Never part of `npm test`.
import { execPath } from 'node:process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { AUTH, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';
import { START_FLAGS, relaunchWithStartFlags } from './lib/start-flags.mjs';
// The same harness and collector counts as front-door-inprocess.ts, so the same harness cost.
import { get, type Listener } from './lib/in-process-get.ts';
import { collector } from './lib/request-costs.ts';

// This process runs under npm start's flags, as front-door-inprocess.ts does (its children choose their own).
if (process.argv[2] !== '--child') relaunchWithStartFlags();

const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);

/** Bare Hono answering `bodies` (path → text), as front-door-inprocess.ts's `honoOf` and ceiling-server.mjs do. */
function honoListener(bodies: Map<string, string>): Listener {
  const hono = new Hono({ strict: true });
  const pathOf = (url: string) => url.slice(url.indexOf('/', 8));
  hono.get('*', (c) => c.body(bodies.get(pathOf(c.req.url))!, 200, { 'Content-Type': 'application/json' }));
  return getRequestListener(hono.fetch) as Listener;
}

/** One round of N requests: [µs a request, minor, major collections]. */
async function round(listener: Listener, paths: string[], r: number): Promise<[number, number, number]> {
  const { minor, major } = collector;
  const t = process.cpuUsage();
  for (let i = 0; i < N; i++) await get(listener, paths[(i * 7 + r) % paths.length]!);
  const d = process.cpuUsage(t);
  await new Promise((res) => setTimeout(res, 20));
  return [(d.user + d.system) / N, collector.minor - minor, collector.major - major];
}

// Child: `--child FILE`: answer rounds on demand (one line on stdin → one JSON line out).
if (process.argv[2] === '--child') {
  const bodies = new Map<string, string>(Object.entries(JSON.parse(readFileSync(process.argv[3]!, 'utf8'))));
  const paths = [...bodies.keys()];
  const listener = honoListener(bodies);
  for (let i = 0; i < N; i++) await get(listener, paths[i % paths.length]!);
  process.stdout.write('ready\n');
  let r = 0;
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    for (const line of String(chunk).split('\n')) {
      if (line === 'go') process.stdout.write(`${JSON.stringify(await round(listener, paths, r++))}\n`);
    }
  }
  process.exit(0);
}

const row = process.argv[2] ?? 'request-list';
const { buildMock } = await import('../src/build-mock.ts');
const { loadConfig } = await import('../src/config.ts');
const { silentLogger } = await import('../src/logger.ts');
const mock = await buildMock(loadConfig(['--seed', '1'], { LOG_LEVEL: 'silent' }), { logger: silentLogger });
const all = ((await (await mock.app.request(`http://localhost${REQUESTS}?limit=1000`, { headers: AUTH })).json()) as { results: Array<{ id: number } & Record<string, unknown>> }).results;
const paths: string[] = row === 'request-detail'
  ? all.map((r: { id: number }) => `${REQUESTS}${r.id}/`)
  : listQueries(all, ['status', 'cancellation_type']).map((q: string) => `${REQUESTS}?${q}`);
const bodies = new Map<string, string>();
for (const p of paths) bodies.set(p, await (await mock.app.request(`http://localhost${p}`, { headers: AUTH })).text());
const file = join(mkdtempSync(join(tmpdir(), 'ceiling-alone-')), 'bodies.json');
writeFileSync(file, JSON.stringify(Object.fromEntries(bodies)));

// The mock stays alive in this process (its store, indexes, kept pages), as in front-door-inprocess.ts;
// warm it as that bench does, so that its heap is the one the `beside` ceiling shares.
for (let i = 0; i < 2000; i++) await mock.app.request(`http://localhost${paths[i % paths.length]}`, { headers: AUTH });
const beside = honoListener(bodies);
for (let i = 0; i < N; i++) await get(beside, paths[i % paths.length]!);

/** A child process answering rounds: the ceiling alone, with or without npm start's flags. */
async function child(flags: string[]): Promise<{ go: () => Promise<[number, number, number]>; stop: () => void }> {
  const loader = process.execArgv.filter((a, i, all) => a.startsWith('--import') || all[i - 1] === '--import');
  const c = spawn(execPath, [...flags, ...loader, new URL(import.meta.url).pathname, '--child', file], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
  c.stdout.setEncoding('utf8');
  const lines: string[] = [];
  let wake: (() => void) | null = null;
  let buf = '';
  c.stdout.on('data', (d: string) => {
    buf += d;
    for (let at = buf.indexOf('\n'); at >= 0; at = buf.indexOf('\n')) {
      lines.push(buf.slice(0, at));
      buf = buf.slice(at + 1);
    }
    wake?.();
  });
  const next = async () => {
    while (lines.length === 0) await new Promise<void>((r) => (wake = r));
    return lines.shift()!;
  };
  if ((await next()) !== 'ready') throw new Error('child did not start');
  return { go: async () => { c.stdin.write('go\n'); return JSON.parse(await next()); }, stop: () => c.kill() };
}
const sides = [
  { name: 'beside', go: () => round(beside, paths, 0), stop: () => {} },
  { name: 'alone', ...(await child(START_FLAGS)) },
  { name: 'alone-noflags', ...(await child([])) },
];
const per = sides.map(() => [] as Array<[number, number, number]>);
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
  for (const k of order) per[k]!.push(await sides[k]!.go());
}
for (const s of sides) s.stop();
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
const load = loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`${row} (${N} a round, ${ROUNDS} rounds, flags of npm start: ${START_FLAGS.join(' ')}; this process runs with: ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || 'none'})`);
for (const [k, s] of sides.entries()) {
  const us = per[k]!.map((x) => x[0]);
  const minor = per[k]!.reduce((a, x) => a + x[1], 0);
  const major = per[k]!.reduce((a, x) => a + x[2], 0);
  console.log(`  ${s.name.padEnd(14)} ${med(us).toFixed(2)} µs a request (rounds ${us.map((x) => x.toFixed(1)).join(' ')}); ÷ beside by round ${us.map((x, i) => (x / per[0]![i]![0]).toFixed(2)).join(' ')}; collections a 1,000 (minor/major) ${((minor * 1000) / (N * ROUNDS)).toFixed(2)}/${((major * 1000) / (N * ROUNDS)).toFixed(3)}`);
}
console.log(`  load ${load}`);
process.exit(0);
