/**
 * Start-up of two source trees, side by side: `npm start`'s `node <flags> bin/omnitron-mock.js
 * serve --size N` of each tree, spawned in turns (the order alternating run by run), from spawn to
 * the first `/__mock/health` answer: the wall clock, the process's CPU time then (all threads, from
 * /proc: on this shared 2-core box the wall clock mostly measures the other sessions) and its RSS.
 * Medians per tree and the ratio B ÷ A, the load average beside every figure.
 *
 *   node bench/startup-side-by-side.mjs --roots /tmp/before,. [--runs 3] [--size 100000]
 *
 * Each tree starts from its own cached bundle (one start per tree first, not counted, builds it).
 * Never part of `npm test`: its figures are times.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string' }, runs: { type: 'string' }, size: { type: 'string' } } });
const roots = (values.roots ?? '.').split(',').map((r) => resolve(r));
const runs = Number(values.runs ?? 3);
const size = Number(values.size ?? 100_000);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TICK = 100; // USER_HZ on Linux

const freePort = () => new Promise((ok, fail) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => ok(port));
  }).on('error', fail);
});

/** utime + stime of every thread of `pid`, in ms, and its RSS in MiB. */
function usageOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  return { cpu, rss };
}

async function startOnce(root) {
  const port = await freePort();
  const before = load();
  const started = performance.now();
  const child = spawn(process.execPath, [...START_FLAGS, `${root}/bin/omnitron-mock.js`, 'serve', '--port', String(port), '--size', String(size)], {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/__mock/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return { wall: performance.now() - started, ...usageOf(child.pid), load: `${before} → ${load()}` };
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
}

// One start each first, not counted: builds each tree's cached bundle outside the figures.
for (const root of roots) await startOnce(root).catch((e) => console.log(`warm-up ${root}: ${e.message}`));
const results = roots.map(() => []);
for (let run = 0; run < runs; run += 1) {
  const order = run % 2 === 0 ? roots.map((_, i) => i) : roots.map((_, i) => i).reverse();
  for (const i of order) {
    const r = await startOnce(roots[i]);
    results[i].push(r);
    console.log(`  run ${run + 1} ${roots[i]}: wall ${r.wall.toFixed(0)} ms, CPU ${r.cpu.toFixed(0)} ms, RSS ${r.rss.toFixed(0)} MiB (load ${r.load})`);
  }
}
const medians = results.map((rs) => ({ wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rss: median(rs.map((r) => r.rss)) }));
roots.forEach((root, i) => console.log(`start-up at ${size}, ${root}: medians of ${runs}: wall ${medians[i].wall.toFixed(0)} ms, CPU ${medians[i].cpu.toFixed(0)} ms, RSS ${medians[i].rss.toFixed(0)} MiB`));
if (roots.length === 2) {
  const [a, b] = medians;
  console.log(`B ÷ A: wall ${(b.wall / a.wall).toFixed(3)}, CPU ${(b.cpu / a.cpu).toFixed(3)}, RSS ${(b.rss / a.rss).toFixed(3)} (load average now ${load()})`);
}
