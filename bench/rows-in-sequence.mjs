// Why a filter row is slower after other rows have run on the same server (issue 26, thirteenth
// session): one mock per checkout (`npm start`'s flags + `--trace-gc`, stderr read live), then the
// rows of filters-100k.mjs in the order given — the same row can come back after others — each
// measured as filters-100k measures it (8 connections, 1 write in 10, 1 s warm-up, then runs of
// `--seconds`), the mocks taking turns step by step (the first mock alternates), and beside each
// step: p99 ms, req/s, the server's CPU a request (/proc), the client's (this process), scavenges and mark-compacts in the step
// and their ms, the heap in use after the step's last GC, RSS, the load average.
//
//   node bench/rows-in-sequence.mjs [--roots /tmp/before,.] [--envs 'A=1;A=2'] [--flags='--trace-opt'] [--size 100000] [--runs 3] [--seconds 3]
//        --seq 'plans:channel_type;requests:*;plans:channel_type'
//
// A step is `list:name` (list: plans, requests, channel; name as filters-100k prints it, or `*`
// for every row of that list in filters-100k's order); steps after `quiet:` print one line only.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { filterRows, runOnce } from './lib/filters-100k.mjs';
import { cpuSecondsOf, median } from './lib/load.mjs';
import { freePort, HOST, memoryOf, track } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({
  options: {
    roots: { type: 'string', default: '.' },
    size: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    seq: { type: 'string' },
    flags: { type: 'string', default: '' },
    envs: { type: 'string', default: '' },
    log: { type: 'string' },
  },
});
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const GC_LINE = /ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)\b[^,]*?([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ ([\d.]+) ms/;

async function startTraced(root, size, envText = '', flagText = '') {
  const env = Object.fromEntries(envText.split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const port = await freePort();
  const extra = flagText.split(' ').filter(Boolean);
  const args = [...START_FLAGS, ...extra, '--trace-gc', join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', String(size), '--seed', '1'];
  const child = track(spawn(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const gc = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0, heapAfter: NaN, committed: NaN, reduces: 0, opts: 0, deopts: 0 };
  let rest = '';
  const onData = (d) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop();
    if (values.log) appendFileSync(values.log, lines.map((l) => `${root}\t${l}\n`).join(''));
    for (const line of lines) {
      if (line.includes('completed optimizing') || line.includes('completed compiling')) gc.opts += 1;
      if (line.includes('bailout (kind:')) gc.deopts += 1;
      const m = GC_LINE.exec(line);
      if (!m) continue;
      if (m[1] === 'Scavenge' || m[1] === 'Minor Mark-Sweep') (gc.scavenges += 1), (gc.scavengeMs += Number(m[6]));
      else (gc.majors += 1), (gc.majorMs += Number(m[6])), (gc.reduces += line.includes('(reduce)') ? 1 : 0);
      gc.heapAfter = Number(m[4]);
      gc.committed = Number(m[5]);
    }
  };
  child.stdout.on('data', onData);
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 2000) stderr += d;
  });
  const url = `http://${HOST}:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mock at ${root} exited`);
    const ok = await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const startupMs = performance.now() - started;
  console.log(`  mock ${root} ${envText} ${flagText}: ready in ${(startupMs / 1000).toFixed(1)} s, heap ${gc.heapAfter} (${gc.committed}) MB after the last GC, RSS ${(memoryOf(child.pid).rss / 2 ** 20).toFixed(0)} MiB ${stderr.trim()}`);
  return { root, url, pid: child.pid, gc, startupMs, stop: () => child.kill('SIGTERM') };
}

function expand(rows, seq) {
  const steps = [];
  for (let token of seq.split(';').map((t) => t.trim()).filter(Boolean)) {
    const quiet = token.startsWith('quiet:');
    if (quiet) token = token.slice(6);
    const [list, name] = [token.slice(0, token.indexOf(':')), token.slice(token.indexOf(':') + 1)];
    const found = rows.filter((r) => r.list === list && (name === '*' || r.name === name) && r.reads.length > 0);
    if (found.length === 0) throw new Error(`no row ${token}`);
    for (const row of found) steps.push({ row, quiet });
  }
  return steps;
}

const roots = values.roots.split(',').map((r) => resolve(r));
const [runs, seconds] = [Number(values.runs), Number(values.seconds)];
console.log(`rows in sequence at ${Number(values.size).toLocaleString('en')}: ${roots.join(' | ')}; ${runs} runs of ${seconds} s a step; load ${load()}`);
const mocks = [];
const envs = values.envs.split(';');
// `--flags` as `A;B` gives each mock its own; one set without `;` goes to every mock.
const flagSets = values.flags.includes(';') ? values.flags.split(';') : roots.map(() => values.flags);
for (const [i, root] of roots.entries()) mocks.push(await startTraced(root, Number(values.size), envs[i] ?? '', flagSets[i] ?? ''));
try {
  const rowsOf = new Map();
  for (const m of mocks) rowsOf.set(m, expand(await filterRows(m.url), values.seq));
  const n = rowsOf.get(mocks[0]).length;
  for (let i = 0; i < n; i += 1) {
    const order = i % 2 ? [...mocks].reverse() : mocks;
    for (const m of order) {
      const { row, quiet } = rowsOf.get(m)[i];
      await fetch(m.url + row.reads[0].path, { method: row.reads[0].method, headers: row.reads[0].headers, body: row.reads[0].body });
      await runOnce(m.url, row.reads, row.writer, 1);
      const gc0 = { ...m.gc };
      const cpu0 = cpuSecondsOf(m.pid);
      const me0 = process.cpuUsage();
      const out = [];
      for (let r = 0; r < (quiet ? 1 : runs); r += 1) out.push(await runOnce(m.url, row.reads, row.writer, seconds));
      await new Promise((r) => setTimeout(r, 100)); // the last trace lines
      const total = out.reduce((a, o) => a + o.total, 0);
      const cpuUs = ((cpuSecondsOf(m.pid) - cpu0) * 1e6) / total;
      const me = process.cpuUsage(me0);
      const clientUs = (me.user + me.system) / total;
      const k = 1000 / total;
      const line = [
        `  [${mocks.indexOf(m)}] ${`${row.list}:${row.name}`.padEnd(44)}`,
        `p99 ${String(median(out.map((o) => o.p99))).padStart(3)} (${out.map((o) => o.p99).join(', ')})`,
        `${String(Math.round(median(out.map((o) => o.rps)))).padStart(5)} req/s`,
        `${String(Math.round(cpuUs)).padStart(4)} µs CPU/req`,
        `client ${String(Math.round(clientUs)).padStart(3)} µs/req`,
        `scav ${((m.gc.scavenges - gc0.scavenges) * k).toFixed(1)}/1k ${((m.gc.scavengeMs - gc0.scavengeMs) / total * 1000).toFixed(0)} µs/req`,
        `MC ${m.gc.majors - gc0.majors}${m.gc.reduces > gc0.reduces ? ` (${m.gc.reduces - gc0.reduces} reduce)` : ''} ${(m.gc.majorMs - gc0.majorMs).toFixed(0)} ms`,
        ...(m.gc.opts + m.gc.deopts ? [`opt ${m.gc.opts - gc0.opts} deopt ${m.gc.deopts - gc0.deopts}`] : []),
        `heap ${m.gc.heapAfter.toFixed(0)} (${m.gc.committed.toFixed(0)}) MB`,
        `RSS ${(memoryOf(m.pid).rss / 2 ** 20).toFixed(0)} MiB`,
        `load ${load()}`,
      ];
      console.log(line.join('  '));
    }
  }
} finally {
  for (const m of mocks) m.stop();
}
process.exit(0);
