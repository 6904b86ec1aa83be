// The slow runs of the many-match plan rows at 100,000 against the collector's trace (ninth
// session, heap-p99): a mock per checkout and flag set (`npm start`'s flags, plus `--flags`, plus
// `--trace-gc --trace-incremental-marking` with `--trace`), then ONE connection fetching a row's
// URLs in order, `--laps` times (no writes: a slow request is then the server's, not a queue's).
// Prints the client's and the server's own (`/__mock/requests`, `duration_ms`) p50/p99/max, the
// server's CPU per request (/proc), and with `--trace` the major GCs of the run: each one's reason,
// how long its incremental marking ran, how many main-thread marking steps and their ms, and how
// many of the slow (> 10 ms) requests fell inside a marking period — load average beside each line.
//   node bench/heap-p99.mjs [--roots /tmp/heap-p99-before,.] [--flags ';--no-memory-reducer'] [--row status]
//                           [--laps 2] [--rounds 1] [--trace] [--size 100000]
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, PLANS } from './lib/calls.mjs';
import { cpuSecondsOf } from './lib/load.mjs';
import { freePort, HOST, memoryOf, ROOT } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({
  options: {
    roots: { type: 'string', default: ROOT },
    flags: { type: 'string', default: '' },
    row: { type: 'string', default: 'status' },
    laps: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '1' },
    size: { type: 'string', default: '100000' },
    trace: { type: 'boolean', default: false },
  },
});
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];
const CHANNEL_TYPES = ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon', 'feed', 'gittigidiyor', 'morhipo'];
const deep = (name, vals, perValue) => vals.flatMap((v) => Array.from({ length: perValue }, (_, i) => `${PLANS}?${name}=${encodeURIComponent(v)}&limit=10${i ? `&page=${i + 1}` : ''}`));
const ROWS = {
  status: () => deep('status', STATUSES, 91),
  plan_type: () => deep('plan_type', ['cancel', 'refund'], 500),
  channel_type: () => deep('channel_type', CHANNEL_TYPES, 125),
  created_by: () => Array.from({ length: 1000 }, (_, i) => `${PLANS}?created_by=${1 + (i % 20)}&limit=10&page=${1 + Math.floor(i / 20)}`),
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** A mock of checkout `root` with `extra` node flags; with --trace, its trace lines kept with V8's own ms. */
async function start(root, extra) {
  const port = await freePort();
  const trace = values.trace ? ['--trace-gc', '--trace-incremental-marking'] : [];
  // Prints the wall clock of node's time origin on stderr, to put V8's "N ms:" on the client's clock.
  const origin = ['--import', 'data:text/javascript,process.stderr.write("origin="+(Date.now()-performance.now())+"\\n")'];
  const args = [...START_FLAGS, ...extra, ...trace, ...origin, join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', values.size, '--seed', '1'];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let rest = '';
  let originMs = NaN;
  child.stdout.on('data', (d) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop();
    for (const l of parts) {
      if (process.env.HEAP_P99_RAW) appendFileSync(process.env.HEAP_P99_RAW, `${Date.now()} ${l}\n`);
      const m = /^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: (.*)$/.exec(l);
      if (m) lines.push({ ms: Number(m[1]), text: m[2] });
    }
  });
  child.stderr.on('data', (d) => {
    const m = /origin=([\d.]+)/.exec(String(d));
    if (m) originMs = Number(m[1]);
  });
  const url = `http://${HOST}:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mock from ${root} exited`);
    if (await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, lines, wall: (v8ms) => originMs + v8ms, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** Major GCs from the trace: marking start → the mark-compact line, with the steps between. */
function majors(lines) {
  const out = [];
  let open = null;
  for (const { ms, text } of lines) {
    if (/\[IncrementalMarking\] Start \(/.test(text) || (/\[IncrementalMarking\] Start/.test(text) && !open)) {
      open = { start: ms, reason: text.replace(/^.*Start /, '') };
    }
    const mc = /Mark-Compact(?: \(reduce\))? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, ([\d.]+) \/ ([\d.]+) ms(.*)$/.exec(text);
    if (mc) {
      // V8's own count of the main thread's marking steps: "(+ 1120.2 ms in 173 steps since start of marking, …".
      const steps = /\(\+ ([\d.]+) ms in (\d+) steps/.exec(mc[7]);
      out.push({ start: open?.start ?? ms, end: ms, reason: open?.reason ?? '(not incremental)', steps: Number(steps?.[2] ?? 0), stepMs: Number(steps?.[1] ?? 0), before: Number(mc[1]), after: Number(mc[3]), pause: Number(mc[5]), tail: mc[7].trim() });
      open = null;
    }
  }
  return out;
}

const roots = values.roots.split(',').map((r) => resolve(r));
const flagSets = values.flags.split(';').map((f) => f.split(/\s+/).filter(Boolean));
for (let round = 0; round < Number(values.rounds); round += 1) {
  for (const root of roots) {
    for (const extra of flagSets) {
      const name = `${root}${extra.length ? ` ${extra.join(' ')}` : ''}`;
      const mock = await start(root, extra);
      const urls = ROWS[values.row]();
      // Warm: the first pass over a row builds its index and compiles the code; not measured.
      for (const u of urls.slice(0, 50)) await (await fetch(mock.url + u, { headers: AUTH })).arrayBuffer();
      const cpu0 = cpuSecondsOf(mock.child.pid);
      const times = [];
      const load0 = load();
      for (let lap = 0; lap < Number(values.laps); lap += 1) {
        for (const u of urls) {
          const t0 = Date.now();
          const p0 = performance.now();
          const res = await fetch(mock.url + u, { headers: AUTH });
          await res.arrayBuffer();
          times.push({ at: t0, ms: performance.now() - p0, u, lap });
        }
      }
      const cpu = cpuSecondsOf(mock.child.pid) - cpu0;
      const log = await (await fetch(`${mock.url}/__mock/requests?limit=1000`, { headers: AUTH })).json();
      const entries = Array.isArray(log) ? log : (log.results ?? log.requests ?? []);
      const server = entries.map((e) => e.duration_ms).sort((a, b) => a - b);
      const client = times.map((t) => t.ms).sort((a, b) => a - b);
      const rss = memoryOf(mock.child.pid).rss / 2 ** 20;
      console.log(`${name} — row ${values.row}, ${times.length} requests, 1 connection (load ${load0} → ${load()})`);
      console.log(`  client p50 ${f1(pct(client, 0.5))} p99 ${f1(pct(client, 0.99))} max ${f1(client.at(-1))} ms; server (last ${server.length}) p50 ${f1(pct(server, 0.5))} p99 ${f1(pct(server, 0.99))} max ${f1(server.at(-1))} ms; CPU ${((cpu * 1e6) / times.length).toFixed(0)} µs a request; RSS ${rss.toFixed(0)} MiB`);
      if (values.trace) {
        await new Promise((r) => setTimeout(r, 300));
        const first = times[0].at;
        const last = times.at(-1).at + times.at(-1).ms;
        const inRun = majors(mock.lines).filter((g) => mock.wall(g.end) >= first && mock.wall(g.start) <= last);
        const slow = times.filter((t) => t.ms > 10);
        const inMarking = slow.filter((t) => inRun.some((g) => mock.wall(g.start) <= t.at + t.ms && mock.wall(g.end) >= t.at));
        const markMs = inRun.reduce((s, g) => s + (Math.min(mock.wall(g.end), last) - Math.max(mock.wall(g.start), first)), 0);
        const stepMs = inRun.reduce((sum, g) => sum + g.stepMs, 0);
        console.log(`  ${inRun.length} major GCs in the ${((last - first) / 1000).toFixed(1)} s; marking under way ${((100 * markMs) / (last - first)).toFixed(0)} % of it, its main-thread steps ${((stepMs * 1000) / times.length).toFixed(0)} µs a request; ${slow.length} requests > 10 ms, ${inMarking.length} of them during marking`);
        for (const g of inRun) {
          console.log(`    +${((mock.wall(g.start) - first) / 1000).toFixed(2)} s marking ${(g.end - g.start).toFixed(0)} ms, ${g.stepMs.toFixed(0)} ms of it in ${g.steps} steps on the main thread; ${g.before.toFixed(0)} → ${g.after.toFixed(0)} MB, pause ${g.pause.toFixed(1)} ms; started by ${g.reason.slice(0, 110)}`);
        }
        const scav = mock.lines.filter((l) => /Scavenge/.test(l.text) && mock.wall(l.ms) >= first && mock.wall(l.ms) <= last);
        console.log(`  ${scav.length} scavenges in the run`);
        if (process.env.HEAP_P99_DUMP) {
          for (const l of mock.lines) if (mock.wall(l.ms) >= first && mock.wall(l.ms) <= last) console.log(`      ${((mock.wall(l.ms) - first) / 1000).toFixed(3)} ${l.text.slice(0, 160)}`);
          for (const t of slow) console.log(`      slow ${((t.at - first) / 1000).toFixed(3)} ${t.ms.toFixed(1)} ms ${t.u} lap ${t.lap}`);
        }
      }
      await mock.stop();
    }
  }
}
