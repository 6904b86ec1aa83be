/**
 * Issue 19 item 4 and issue 26's start-up targets, measured on this machine:
 *
 * 1. start-up at 100,000 plans: `npm start`'s `node <flags> bin/omnitron-mock.js serve --size 100000` from spawn to the
 *    first `/__mock/health` answer, the CPU time it used and its RSS then; then the first lists and
 *    filters (`FIRST_READS`: each builds what it needs on first use) one by one, the slowest of
 *    them and the RSS after them — three runs, medians, load average beside;
 * 2. a reseed at the largest size (`MAX_SIZE`) on a running mock (in this process, through
 *    `app.request()`, started at that size): the longest the event loop went without a turn (a
 *    `setImmediate` chain notes every gap), the longest stretch without a `/__mock/health` answer
 *    (asked every 10 ms), how many
 *    gaps passed 50 ms and how many of those a garbage collection overlapped, and the peak RSS.
 *
 *   npx tsx bench/seed-blocks.ts                 # both
 *   npx tsx bench/seed-blocks.ts --only startup  # or --only reseed; --size N for the reseed
 *
 * Never part of `npm test`: it takes minutes and its figures are times.
 */
import './lib/under-start-flags.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildMock } from '../src/build-mock.ts';
import { MAX_SIZE, testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { collectionsIn, load, watchLoop } from './lib/loop-watch.ts';
import { START_FLAGS } from './lib/start-flags.mjs';

const BIN = new URL('../bin/omnitron-mock.js', import.meta.url).pathname;

const { values } = parseArgs({
  options: { only: { type: 'string' }, size: { type: 'string' }, runs: { type: 'string' } },
});
const MiB = 2 ** 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU seconds a process has used, all its threads (Linux /proc: utime + stime, in clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The first reads after start-up: plan and request lists by their common filters, a date range, a
 * case-insensitive `contains`, both tag lists (tags from the seed's vocabulary), then one read per
 * index group not yet built. Issue 26's RSS target must hold after these too, not only when
 * health first answers.
 */
const FIRST_READS = [
  '/api/v1/cancellation_plans/?status=completed&plan_type=refund&limit=10',
  '/api/v1/cancellation_plans/?channel_type=trendyol&limit=10',
  '/api/v1/cancellation_plans/?created_date__gte=2025-01-01&limit=10',
  '/api/v1/cancellation_requests/?status=waiting&cancellation_type=refund&limit=10',
  '/api/v1/cancellation_requests/?created_date__lt=2025-01-01&limit=10',
  `/api/v1/cancellation_requests/?description=${encodeURIComponent('kargo')}&limit=10`,
  `/api/v1/cancellation_requests/filter_tags/?key=${encodeURIComponent('müşteri-iade')}&limit=10`,
  '/api/v1/cancellation_requests/exclude_tags/?key=vip&limit=10',
  '/api/v1/cancellation_plans/?tag=urgent&limit=10',
  // One of each index group still unbuilt (bench/index-memory.ts names them): with these, every
  // group a list can build is built, and the RSS after them is the most the first reads add.
  '/api/v1/cancellation_plans/?modified_date__lt=2025-01-01&limit=10',
  '/api/v1/cancellation_plans/?invoice_number=IAD2024&limit=10',
  '/api/v1/cancellation_requests/?modified_date__gte=2025-01-01&limit=10',
  `/api/v1/cancellation_requests/?customer_email=${encodeURIComponent('a@gmail.com')}&limit=10`,
  '/api/v1/cancellation_requests/?uuid=00000000-0000-4000-8000-000000000000&limit=10',
];
const AUTH = { Authorization: 'Token omnitron-mock-token' };

/** `serve --size N` as users start it: spawn → first health answer, and the RSS then. */
async function startOnce(size: number): Promise<{ ms: number; rss: number; cpu: number; slowestRead: number; slowestPath: string; rssAfterReads: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...START_FLAGS, BIN, 'serve', '--port', String(port), '--size', String(size)], {
    env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      if (performance.now() - started > 300_000) throw new Error('serve was not ready within 300 s');
      const ok = await fetch(`http://127.0.0.1:${port}/__mock/health`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const ready = { ms: performance.now() - started, rss: memoryOf(child.pid!).rss, cpu: cpuSecondsOf(child.pid!) };
    let slowestRead = 0;
    let slowestPath = '';
    for (const path of FIRST_READS) {
      const at = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: AUTH });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      const ms = performance.now() - at;
      if (ms > slowestRead) [slowestRead, slowestPath] = [ms, path];
    }
    return { ...ready, slowestRead, slowestPath, rssAfterReads: memoryOf(child.pid!).rss };
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
}

async function startup(runs: number): Promise<void> {
  const times: number[] = [];
  const rss: number[] = [];
  const cpus: number[] = [];
  const reads: number[] = [];
  const rssReads: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const before = load();
    const { ms, rss: r, cpu, slowestRead, slowestPath, rssAfterReads } = await startOnce(100_000);
    times.push(ms);
    rss.push(r);
    cpus.push(cpu);
    reads.push(slowestRead);
    rssReads.push(rssAfterReads);
    console.log(`  start-up run ${i + 1}: ${(ms / 1000).toFixed(2)} s, ${cpu.toFixed(2)} s of CPU, RSS ${(r / MiB).toFixed(0)} MiB; ` +
      `then ${FIRST_READS.length} first lists and filters, the slowest ${slowestRead.toFixed(0)} ms (${slowestPath}), RSS after them ${(rssAfterReads / MiB).toFixed(0)} MiB (load average ${before} before)`);
  }
  // The CPU time (every thread of the server, the collector's too) is the steadier figure on a
  // shared machine: the wall clock also counts the waits for a core.
  console.log(`start-up at 100,000: ${(median(times) / 1000).toFixed(2)} s (${median(cpus).toFixed(2)} s of CPU), RSS ${(median(rss) / MiB).toFixed(0)} MiB, ` +
    `${(median(rssReads) / MiB).toFixed(0)} MiB after the first lists and filters (slowest of them ${median(reads).toFixed(0)} ms) (medians of ${runs}; load average ${load()})`);
}

async function reseed(size: number): Promise<void> {
  // Started at the same size: the old state and the new one live side by side until the swap,
  // which is the peak of memory a reseed at that size reaches.
  const mock = await buildMock({ ...testConfig(), size }, { logger: silentLogger, start: false });
  // The first request a process answers builds the router's matcher (~30–60 ms, once, whatever
  // the route): not the reseed's doing, so one health request goes first.
  await mock.app.request('/__mock/health');
  // Each gap on the wall clock and in the main thread's own running time; health every 10 ms.
  const watch = watchLoop(mock.app);
  const before = load();
  const started = performance.now();
  watch.restart();
  const res = await mock.app.request('/__mock/reseed', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ seed: 2, size }),
  });
  const took = performance.now() - started;
  // A second after the answer: the old state's collection happens then, and counts too.
  await new Promise((r) => setTimeout(r, 1000));
  watch.stop();
  const { gaps, health } = watch;
  if (res.status !== 200) throw new Error(`reseed answered ${res.status}: ${await res.text()}`);
  const long = gaps.filter((g) => g.ms > 50);
  const withGc = long.filter((g) => collectionsIn(g).length > 0);
  const max = Math.max(...gaps.map((g) => g.ms));
  const maxRan = Math.max(...gaps.map((g) => g.ran));
  const longRan = gaps.filter((g) => g.ran > 50);
  const { peak } = memoryOf(process.pid);
  console.log(`reseed at ${size.toLocaleString('en')}: ${(took / 1000).toFixed(1)} s; longest event-loop block ${max.toFixed(0)} ms wall, ${maxRan.toFixed(0)} ms of the main thread's running time; ` +
    `${longRan.length} blocks over 50 ms of running time; ` +
    `${long.length} blocks over 50 ms (${withGc.length} overlapping a GC) in ${gaps.length} turns; ` +
    `longest without a health answer ${health.slowest.toFixed(0)} ms (${health.answers} answers); peak RSS ${(peak / MiB).toFixed(0)} MiB ` +
    `(load average ${before} before, ${load()} after)`);
  const worst = [...gaps].sort((a, b) => b.ran - a.ran).slice(0, 10);
  console.log(`  longest blocks by running time (ran/wall ms @ s from the reseed's start): ${worst.map((g) => `${g.ran.toFixed(0)}/${g.ms.toFixed(0)} @${((g.at - started) / 1000).toFixed(2)}`).join(', ')}`);
  // Which collections overlapped each: minor (scavenge) or major (mark-compact), wall ms each.
  const KINDS: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
  for (const g of worst) {
    const over = collectionsIn(g);
    console.log(`    ${g.ran.toFixed(0)} ms @${((g.at - started) / 1000).toFixed(2)}: ${over.map((c) => `${KINDS[c.kind] ?? c.kind} GC ${(c.end - c.start).toFixed(0)} ms`).join(', ') || 'no GC'}`);
  }
  await mock.webhooks.close();
}

if (values.only !== 'reseed') await startup(Number(values.runs ?? 3));
if (values.only !== 'startup') await reseed(Number(values.size ?? MAX_SIZE));
process.exit(0);
