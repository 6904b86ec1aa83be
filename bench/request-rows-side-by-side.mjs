// The request-list and image-feed rows of issue 26 at 100,000 on two checkouts at once
// (before/after), in turns, so a load that drifts on the shared box falls on both alike: p99 and
// req/s (8 connections, one write in ten — a request PATCH or tag write, as
// bench/lib/filters-100k.mjs — ≥ 1,000 distinct URLs a row, made by bench/lib/filter-rows.mjs
// from the first mock's own answers; both mocks are seeded alike), the server's CPU per request
// (/proc) and its collector's work (`--trace-gc`), RSS after. The load average beside each line.
//   node bench/request-rows-side-by-side.mjs --roots /tmp/before,/work/after [--size 100000] [--rounds 3] [--seconds 3] [--rows status,reason,image feed]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, REQUESTS } from './lib/calls.mjs';
import { channelRows, pages, requestRows } from './lib/filter-rows.mjs';
import { cpuSecondsOf, hit, median } from './lib/load.mjs';
import { freePort, HOST, memoryOf } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string' }, size: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, rows: { type: 'string', default: 'shipping_option_slug,reason,detailed/ status,image feed,status,currency,fully_refund_as_loyalty_money,cancellation_plan_status,channel' } } });
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

/** One mock from `root`, its `--trace-gc` lines collected. */
async function start(root) {
  const port = await freePort();
  const child = spawn(process.execPath, [...START_FLAGS, '--trace-gc', join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', values.size, '--seed', '1'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
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
  return { root, url, child, gc, pid: () => child.pid, stop: () => child.kill('SIGTERM') };
}

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

/** The writes of filters-100k.mjs's request rows: a PATCH of the description, or a tag added or removed. */
function requestWriter(ids) {
  return (me) => {
    const id = ids[(me * 977) % ids.length];
    let n = 0;
    return {
      method: 'POST',
      path: `${REQUESTS}${id}/add_tag/`,
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      setupRequest: (req) => (++n % 2
        ? { ...req, method: 'PATCH', path: `${REQUESTS}${id}/`, body: JSON.stringify({ description: `bench note ${me} ${n}` }) }
        : { ...req, path: `${REQUESTS}${id}/${n % 4 ? 'add_tag' : 'remove_tag'}/`, body: JSON.stringify({ key: `bench-${n % 100}` }) }),
    };
  };
}

async function runRow(mock, paths, writer, seconds) {
  let next = 0;
  const setupClient = (client) => {
    const me = next++;
    const list = [];
    for (let i = 0; i < paths.length; i += 1) {
      list.push({ method: 'GET', path: paths[(i + me * 131) % paths.length], headers: AUTH });
      if ((i + 1) % 9 === 0) list.push(writer(me));
    }
    client.setRequests(list);
  };
  const pid = mock.pid();
  const [cpu0, gc0] = [cpuSecondsOf(pid), mock.gc.lines.length];
  const m = await hit({ url: mock.url, setupClient, connections: 8, duration: seconds });
  return { ...m, cpuUs: ((cpuSecondsOf(pid) - cpu0) * 1e6) / m.total, gc: gcSince(mock.gc, gc0) };
}

const roots = values.roots.split(',');
const mocks = [];
try {
  for (const root of roots) mocks.push(await start(root));
  const all = {};
  for (const [name, list] of Object.entries(await requestRows(mocks[0].url))) {
    all[name] = list.map((s) => (typeof s === 'string' ? `${REQUESTS}?${s}` : s.path ?? `${REQUESTS}?${s.s}`));
  }
  Object.assign(all, await channelRows(mocks[0].url));
  const writers = await Promise.all(mocks.map(async (m) => requestWriter((await pages(m.url, REQUESTS, 2)).map((r) => r.id))));
  console.log(`request rows at ${Number(values.size).toLocaleString('en')}, 8 connections, 1 write in 10, ${values.rounds} rounds of ${values.seconds} s, mocks in turns`);
  for (const name of values.rows.split(',')) {
    const paths = all[name];
    if (!paths?.length) { console.log(`  ${name}: no URLs`); continue; }
    const per = mocks.map(() => ({ p99: [], rps: [], cpu: [] }));
    for (const [i, m] of mocks.entries()) await runRow(m, paths, writers[i], 1); // warm-up (first lists build indexes)
    for (let r = 0; r < Number(values.rounds); r += 1) {
      const order = r % 2 ? [...mocks.entries()].reverse() : [...mocks.entries()];
      for (const [i, m] of order) {
        const x = await runRow(m, paths, writers[i], Number(values.seconds));
        per[i].p99.push(x.p99); per[i].rps.push(x.rps); per[i].cpu.push(x.cpuUs);
        console.log(`  ${name.padEnd(30)} ${m.root.padEnd(26)} p99 ${String(x.p99).padStart(4)} ms  ${Math.round(x.rps)} req/s  ${Math.round(x.cpuUs)} µs CPU/req  GC: ${x.gc.marks} mark-compact ${x.gc.markMs} ms, scavenge ${x.gc.scavMs} ms, longest ${x.gc.maxMs} ms${x.non2xx ? `  non-2xx ${x.non2xx}` : ''}  load ${load()}`);
      }
    }
    for (const [i, m] of mocks.entries()) console.log(`  ${name.padEnd(30)} ${m.root.padEnd(26)} MEDIAN p99 ${median(per[i].p99)} ms (${per[i].p99.join(', ')}), ${Math.round(median(per[i].rps))} req/s, ${Math.round(median(per[i].cpu))} µs CPU/req (${per[i].cpu.map(Math.round).join(', ')})  load ${load()}`);
  }
  for (const m of mocks) console.log(`  RSS ${m.root}: ${Math.round(memoryOf(m.pid()).rss / 2 ** 20)} MiB`);
} finally {
  for (const m of mocks) m.stop();
}
process.exit(0);
