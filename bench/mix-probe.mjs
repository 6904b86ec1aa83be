// Why a hot row's mix of reads and writes costs more than its parts (bench/findings.md, fourteenth
// session, req-mix): one mock per root and mode, all up at once, measured in turns as
// hot-profile's --interleave does, and besides each round's server CPU a request, what V8's
// collector did in it (from a probe loaded into the mock: scavenges and full marks per 1,000
// requests, their ms, the heap after) — figures that hold at any load. Never part of `npm test`.
//   [PERF=1] node bench/mix-probe.mjs [--row request-list] [--modes reads,mixed,writes] [--roots A,B@--v8-flag]
//                            [--rounds 5] [--seconds 3] [--warmup 5] [--age 20]
// Modes besides reads, mixed and writes: `same`, `missing`, `detail` (the tenth request another
// kind: see clientsFor), `sameonly`… (that tenth alone), `aged` (reads on a mock that first took
// --age seconds of writes alone: what writes leave behind for later reads). `root@--flag`: that
// checkout with extra node flags. PERF=1: `perf record` of each mock's last round (kept in the tmp dir).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverHot, fillWidgets, hotClients } from './lib/hot-rows.mjs';
import { AUTH, REQUESTS } from './lib/calls.mjs';
import { cpuSecondsOf, hit, median } from './lib/load.mjs';
import { freePort, ROOT, startMock, startServer } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({ options: { row: { type: 'string', default: 'request-list' }, modes: { type: 'string', default: 'reads,mixed,writes' }, roots: { type: 'string', default: ROOT }, rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '3' }, warmup: { type: 'string', default: '5' }, age: { type: 'string', default: '20' } } });
const ENGINE_FIXTURE = join(ROOT, 'test/fixtures/engine/widgets.openapi.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'mix-probe-'));
const probe = join(tmp, 'gc-probe.cjs');
writeFileSync(probe, `
const { PerformanceObserver, constants } = require('node:perf_hooks');
const v8 = require('node:v8');
const fs = require('node:fs');
const s = { minor: 0, minorMs: 0, major: 0, majorMs: 0, other: 0, otherMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const k = e.detail?.kind;
    if (k === constants.NODE_PERFORMANCE_GC_MINOR) { s.minor++; s.minorMs += e.duration; }
    else if (k === constants.NODE_PERFORMANCE_GC_MAJOR) { s.major++; s.majorMs += e.duration; }
    else { s.other++; s.otherMs += e.duration; }
  }
}).observe({ entryTypes: ['gc'] });
process.on('SIGUSR2', () => {
  const old = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'old_space');
  fs.writeFileSync(${JSON.stringify(tmp)} + '/gc-' + process.pid + '.json', JSON.stringify({ ...s, heap: v8.getHeapStatistics().used_heap_size, old: old.space_used_size, at: Date.now() }));
});
`);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const a = await startMock({ size: 1000 });
const e = await startMock({ size: 1000, specs: [ENGINE_FIXTURE] });
const hot = await discoverHot(a.url, e.url, tmp).finally(() => Promise.all([a.stop(), e.stop()]));
const roots = values.roots.split(',');
const modes = values.modes.split(',');
const row = values.row;
const specs = row.startsWith('engine') ? [ENGINE_FIXTURE] : [];

/** CPU seconds of the main thread and of every other thread (V8's compiler and collector helpers, libuv's pool). */
function threadsOf(pid) {
  let main = 0;
  let other = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const s = (Number(f[11]) + Number(f[12])) / 100;
      if (tid === String(pid)) main += s;
      else other += s;
    } catch {
      /* gone */
    }
  }
  return { main, other };
}

async function gcOf(pid) {
  const file = join(tmp, `gc-${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(file); i += 1) await new Promise((r) => setTimeout(r, 5));
  for (let i = 0; i < 20; i += 1) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  throw new Error('no answer from the probe');
}

/** `root@--flag@--flag2`: the checkout at root, its node started with those flags besides npm start's. */
async function startFrom(rootAndFlags) {
  const [root, ...extra] = rootAndFlags.split('@');
  const port = await freePort();
  // PERF=1: with V8's map of compiled code for `perf` (`perf record -p <pid>` beside a round).
  const args = [...START_FLAGS, ...extra, ...(process.env.PERF ? ['--perf-basic-prof'] : []), '--require', probe, join(root, 'bin/omnitron-mock.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--size', '1000', '--seed', '1', ...specs.flatMap((s) => ['--spec', s])];
  const ready = async (url) => (await fetch(`${url}/__mock/health`, { signal: AbortSignal.timeout(2000) })).ok;
  return startServer({ name: `omnitron-mock (${root})`, args, port, ready, timeoutMs: 300_000 });
}

const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
/**
 * The row's clients for `mode`: `reads`, `mixed`, `writes` as hot-profile sends them, and for the
 * request rows three probes of the mix: `same` (the tenth request a PATCH writing the description
 * the request already has: read, checked, nothing written), `missing` (a PATCH of an id that does
 * not exist: a 404 before its body is read), `detail` (the tenth a GET of a request's detail).
 */
function clientsFor(mode) {
  // `aged`: reads, measured on a mock that first took `--age` seconds of the row's writes alone.
  if (mode === 'aged') return hotClients(row, hot, { readsOnly: true });
  if (['reads', 'mixed', 'writes'].includes(mode)) return hotClients(row, hot, { readsOnly: mode === 'reads', writesOnly: mode === 'writes' });
  const paths = hot.paths[row];
  let cursor = 0;
  let n = 0;
  const read = { method: 'GET', headers: AUTH, setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }) };
  const tenth = {
    same: (r) => ({ method: 'PATCH', path: `${REQUESTS}${r.id}/`, headers: JSON_HEADERS, body: JSON.stringify({ description: r.description }) }),
    missing: (r) => ({ method: 'PATCH', path: `${REQUESTS}${900000 + r.id}/`, headers: JSON_HEADERS, body: JSON.stringify({ description: 'bench note' }) }),
    detail: (r) => ({ method: 'GET', path: `${REQUESTS}${r.id}/`, headers: AUTH }),
  }[mode.replace(/only$/, '')];
  if (!tenth) throw new Error(`unknown mode ${mode}`);
  let clients = 0;
  return (client) => {
    // `sameonly`, `missingonly`, `detailonly`: that tenth request alone, every time.
    const list = Array.from({ length: mode.endsWith('only') ? 0 : 9 }, () => ({ ...read }));
    list.push({ method: 'GET', path: '/', setupRequest: (req) => ({ ...req, body: undefined, ...tenth(hot.requests[n++ % hot.requests.length]) }) });
    const offset = clients++ % list.length;
    client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
  };
}

const sides = [];
try {
  for (const mode of modes) {
    for (const root of roots) {
      const mock = await startFrom(root);
      if (row.startsWith('engine')) await fillWidgets(mock.url);
      sides.push({ root, mode, mock, setupClient: clientsFor(mode), rounds: [] });
    }
  }
  for (const side of sides) if (side.mode === 'aged') await hit({ url: side.mock.url, path: '/', connections: 50, setupClient: hotClients(row, hot, { writesOnly: true }), duration: Number(values.age) });
  for (const side of sides) await hit({ url: side.mock.url, path: '/', connections: 50, setupClient: side.setupClient, duration: Number(values.warmup) });
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const k of sides.keys()) {
      const side = sides[(k + round) % sides.length];
      const g0 = await gcOf(side.mock.pid);
      const cpu0 = cpuSecondsOf(side.mock.pid);
      const t0 = threadsOf(side.mock.pid);
      const perf = process.env.PERF && round === Number(values.rounds) - 1
        ? spawn('perf', ['record', '-e', 'cpu-clock', '-F', '2999', '-p', String(side.mock.pid), '-o', join(tmp, `perf-${side.mode}-${sides.indexOf(side)}.data`), '--', 'sleep', String(Number(values.seconds) - 0.5)], { stdio: 'ignore' })
        : null;
      const r = await hit({ url: side.mock.url, path: '/', connections: 50, setupClient: side.setupClient, duration: Number(values.seconds) });
      if (perf) await new Promise((res) => (perf.exitCode !== null ? res() : perf.once('exit', res)));
      const cpu = cpuSecondsOf(side.mock.pid) - cpu0;
      const t1 = threadsOf(side.mock.pid);
      const g1 = await gcOf(side.mock.pid);
      const per = 1000 / r.total;
      const x = { us: (cpu * 1e6) / r.total, mainUs: ((t1.main - t0.main) * 1e6) / r.total, otherUs: ((t1.other - t0.other) * 1e6) / r.total, rps: r.rps, minor: (g1.minor - g0.minor) * per, minorMs: (g1.minorMs - g0.minorMs) * per, major: g1.major - g0.major, majorMs: (g1.majorMs - g0.majorMs) * per, heap: g1.heap / 2 ** 20, old: g1.old / 2 ** 20, codes: r.statusCodes };
      side.rounds.push(x);
      console.log(`round ${round + 1} ${side.mode.padEnd(6)} ${side.root.padEnd(26)} ${x.us.toFixed(0).padStart(4)} µs/req (main ${x.mainUs.toFixed(0)}, others ${x.otherUs.toFixed(0)}) ${x.rps.toFixed(0).padStart(6)} req/s | per 1k req: ${x.minor.toFixed(2)} scavenges ${x.minorMs.toFixed(1)} ms, full marks ${x.major} in round ${x.majorMs.toFixed(1)} ms | heap ${x.heap.toFixed(0)} MiB old ${x.old.toFixed(0)} MiB  codes ${JSON.stringify(x.codes)}  load ${load()}`);
    }
  }
  console.log('\nmedians (µs/req | per 1,000 requests: scavenges, their ms, full-mark ms):');
  for (const s of sides) {
    const m = (f) => median(s.rounds.map(f));
    console.log(`${s.mode.padEnd(6)} ${s.root.padEnd(26)} ${m((x) => x.us).toFixed(1).padStart(6)} µs (main ${m((x) => x.mainUs).toFixed(1)}, others ${m((x) => x.otherUs).toFixed(1)}) | ${m((x) => x.minor).toFixed(2)} · ${m((x) => x.minorMs).toFixed(1)} ms · ${m((x) => x.majorMs).toFixed(1)} ms | µs by round ${s.rounds.map((x) => x.us.toFixed(0)).join(' ')}`);
  }
  console.log(`load ${load()}`);
  if (process.env.PERF) console.log(`perf data in ${tmp}`);
} finally {
  await Promise.all(sides.map((s) => s.mock.stop()));
  if (!process.env.PERF) rmSync(tmp, { recursive: true, force: true });
}
