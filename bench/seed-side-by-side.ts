/**
 * The seed of two source trees, side by side: each run is a fresh process (`npm start`'s node
 * flags, tsx) that seeds a store at `--size` and prints what it cost — the main thread's running
 * time (Linux schedstat: waits for a core left out), the process's CPU time (the collector's
 * threads too), the collector's own pauses, and the heap after — and the trees take turns, so
 * a drift of this shared machine reaches both alike. Medians per tree and the ratio B ÷ A.
 *
 *   npx tsx bench/seed-side-by-side.ts --roots /tmp/startup-before,. [--runs 5] [--size 100000]
 *   npx tsx bench/seed-side-by-side.ts --roots A,B --what build   # buildMock instead of seedStore
 *   npx tsx bench/seed-side-by-side.ts --roots .,. --flags='--max-semi-space-size=4;--max-semi-space-size=16'
 *     # one tree under two sets of node flags (`;` between the sides, spaces within one)
 *
 * Never part of `npm test`: its figures are times.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({
  options: {
    roots: { type: 'string' }, runs: { type: 'string' }, size: { type: 'string' }, what: { type: 'string' }, child: { type: 'string' },
    flags: { type: 'string' },
  },
});
const size = Number(values.size ?? 100_000);
const what = values.what ?? 'seed';

if (values.child) {
  // In the child: seed (or build) once from the given tree and print one JSON line.
  const { readFileSync } = await import('node:fs');
  const { GCProfiler } = await import('node:v8');
  const ranMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  // Every collection's pause (µs), from V8's own records: no observer callback runs mid-seed.
  const profiler = new GCProfiler();
  profiler.start();
  const root = values.child;
  const seedStoreOf = async () => {
    const { seedStore } = await import(`${root}/src/seed/seed-store.ts`);
    const { createStore } = await import(`${root}/src/store/store.ts`);
    return () => seedStore(createStore(), { seed: 1, size });
  };
  const buildOf = async () => {
    const { buildMock } = await import(`${root}/src/build-mock.ts`);
    const { testConfig } = await import(`${root}/src/config.ts`);
    const { silentLogger } = await import(`${root}/src/logger.ts`);
    return () => buildMock(testConfig({ seed: 1, size }), { logger: silentLogger, start: false });
  };
  const work = what === 'build' ? await buildOf() : await seedStoreOf();
  const ran0 = ranMs();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const kept = await work();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const ran = ranMs() - ran0;
  const { statistics } = profiler.stop() as { statistics: Array<{ cost: number }> };
  const gcMs = statistics.reduce((n, s) => n + s.cost, 0) / 1000;
  const gcs = statistics.length;
  console.log(JSON.stringify({ ran, cpu: (cpu.user + cpu.system) / 1000, wall, gcMs, gcs, heapMiB: process.memoryUsage().heapUsed / 2 ** 20, rssMiB: process.memoryUsage().rss / 2 ** 20 }));
  void kept;
  process.exit(0);
}

const roots = (values.roots ?? '').split(',').map((r) => resolve(r));
if (roots.length < 1 || roots.some((r) => !r)) throw new Error('--roots A[,B]');
const runs = Number(values.runs ?? 5);
// Each side's node flags: npm start's unless given.
const flagsOf = values.flags === undefined ? roots.map(() => START_FLAGS)
  : values.flags.split(';').map((side) => side.split(/\s+/).filter(Boolean));
if (flagsOf.length !== roots.length) throw new Error('--flags: one set per root, separated by ;');
const names = roots.map((root, i) => (values.flags === undefined ? root : `${root} [${flagsOf[i]!.join(' ')}]`));
const results = roots.map(() => [] as Array<Record<string, number>>);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const self = new URL(import.meta.url).pathname;
for (let run = 0; run < runs; run += 1) {
  // Alternate which tree goes first, so neither always follows the other.
  const order = run % 2 === 0 ? roots.map((_, i) => i) : roots.map((_, i) => i).reverse();
  for (const i of order) {
    const before = load();
    const child = spawnSync(process.execPath, [...flagsOf[i]!, '--import', 'tsx', self, '--child', roots[i]!, '--size', String(size), '--what', what], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${roots[i]}: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
    results[i]!.push(r);
    console.log(`  run ${run + 1} ${names[i]}: ran ${r.ran!.toFixed(0)} ms, CPU ${r.cpu!.toFixed(0)} ms, wall ${r.wall!.toFixed(0)} ms, GC ${r.gcMs!.toFixed(0)} ms in ${r.gcs} pauses, heap ${r.heapMiB!.toFixed(0)} MiB, RSS ${r.rssMiB!.toFixed(0)} MiB (load average ${before})`);
  }
}
const fields = ['ran', 'cpu', 'wall', 'gcMs', 'heapMiB', 'rssMiB'] as const;
for (const [i, root] of names.entries()) {
  console.log(`${what} at ${size.toLocaleString('en')}, ${root}: medians of ${runs}: ${fields.map((f) => `${f} ${median(results[i]!.map((r) => r[f]!)).toFixed(0)}`).join(', ')}`);
}
if (roots.length === 2) {
  console.log(`B ÷ A (medians): ${fields.map((f) => `${f} ${(median(results[1]!.map((r) => r[f]!)) / median(results[0]!.map((r) => r[f]!))).toFixed(3)}`).join(', ')} (load average now ${load()})`);
}
