// Two (or more) checkouts' mocks measured in turns on the same rows (before/after), so a load that
// drifts on the shared box falls on both alike: p99 and req/s (8 connections, one write in ten),
// the server's CPU per request (/proc) and its collector's work (`--trace-gc`), RSS after. Used by
// bench/plan-rows-side-by-side.mjs and bench/request-rows-side-by-side.mjs.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { AUTH } from './calls.mjs';
import { cpuSecondsOf, hit, median } from './load.mjs';
import { freePort, HOST, memoryOf, profArgs } from './servers.mjs';
import { START_FLAGS } from './start-flags.mjs';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

/** The mock of checkout `root` under `npm start`'s flags plus `--trace-gc`, its GC lines collected. */
export async function startTracedMock(root, { size, cpuProfDir = null }) {
  const port = await freePort();
  const args = [...START_FLAGS, '--trace-gc', ...profArgs(cpuProfDir), join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', String(size), '--seed', '1'];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const gc = { lines: [] };
  let rest = '';
  child.stdout.on('data', (d) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop();
    gc.lines.push(...parts.filter((l) => l.includes('Mark-Compact') || l.includes('Scavenge') || l.includes('Mark-sweep')));
  });
  const url = `http://${HOST}:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mock from ${root} exited`);
    if (await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    root,
    url,
    child,
    gc,
    pid: () => child.pid,
    /** Stops it; resolves once it has exited (a profiled mock writes its profile then). */
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
  };
}

/** The GC lines since `from`: mark-compact count and pause ms, scavenge ms, the longest pause. */
function gcSince(gc, from) {
  let marks = 0, markMs = 0, scavMs = 0, maxMs = 0;
  for (const l of gc.lines.slice(from)) {
    const m = /(Scavenge|Mark-Compact|Mark-sweep)[^,]*, ([\d.]+) \/ ([\d.]+) ms/.exec(l);
    if (!m) continue;
    const ms = Number(m[2]);
    maxMs = Math.max(maxMs, ms);
    if (m[1] === 'Scavenge') scavMs += ms;
    else { marks += 1; markMs += ms; }
  }
  return { marks, markMs: Math.round(markMs), scavMs: Math.round(scavMs), maxMs: Math.round(maxMs) };
}

/** One window on `mock`: 8 connections cycle `paths` (GETs), `write(me)` after every ninth, as filters-100k.mjs. */
async function runRow(mock, paths, write, seconds) {
  let next = 0;
  const setupClient = (client) => {
    const me = next++;
    const list = [];
    for (let i = 0; i < paths.length; i += 1) {
      list.push({ method: 'GET', path: paths[(i + me * 131) % paths.length], headers: AUTH });
      if ((i + 1) % 9 === 0) list.push(write(me));
    }
    client.setRequests(list);
  };
  const pid = mock.pid();
  const [cpu0, gc0] = [cpuSecondsOf(pid), mock.gc.lines.length];
  const m = await hit({ url: mock.url, setupClient, connections: 8, duration: seconds });
  return { ...m, cpuUs: ((cpuSecondsOf(pid) - cpu0) * 1e6) / m.total, gc: gcSince(mock.gc, gc0) };
}

/**
 * One row on every mock: a warm-up window each (first lists build indexes), then `rounds` rounds,
 * the mocks' order reversed every other round; a line per window and the medians per mock.
 * `writes[i]` is mock i's writer.
 */
export async function rowInTurns(mocks, name, paths, writes, { rounds, seconds, log = console.log }) {
  const per = mocks.map(() => ({ p99: [], rps: [], cpu: [] }));
  for (const [i, m] of mocks.entries()) await runRow(m, paths, writes[i], 1);
  for (let r = 0; r < rounds; r += 1) {
    const order = r % 2 ? [...mocks.entries()].reverse() : [...mocks.entries()];
    for (const [i, m] of order) {
      const x = await runRow(m, paths, writes[i], seconds);
      per[i].p99.push(x.p99); per[i].rps.push(x.rps); per[i].cpu.push(x.cpuUs);
      log(`  ${name.padEnd(30)} ${m.root.padEnd(26)} p99 ${String(x.p99).padStart(4)} ms  ${Math.round(x.rps)} req/s  ${Math.round(x.cpuUs)} µs CPU/req  GC: ${x.gc.marks} mark-compact ${x.gc.markMs} ms, scavenge ${x.gc.scavMs} ms, longest ${x.gc.maxMs} ms${x.non2xx ? `  non-2xx ${x.non2xx}` : ''}  load ${load()}`);
    }
  }
  for (const [i, m] of mocks.entries()) log(`  ${name.padEnd(30)} ${m.root.padEnd(26)} MEDIAN p99 ${median(per[i].p99)} ms (${per[i].p99.join(', ')}), ${Math.round(median(per[i].rps))} req/s, ${Math.round(median(per[i].cpu))} µs CPU/req (${per[i].cpu.map(Math.round).join(', ')})  load ${load()}`);
}

/** Starts a mock per root, runs `body(mocks)`, prints each one's RSS and stops them all. */
export async function withMocks(roots, options, body) {
  const mocks = [];
  try {
    for (const root of roots) mocks.push(await startTracedMock(root, options));
    await body(mocks);
    for (const m of mocks) console.log(`  RSS ${m.root}: ${Math.round(memoryOf(m.pid()).rss / 2 ** 20)} MiB`);
  } finally {
    await Promise.all(mocks.map((m) => m.stop()));
  }
}
