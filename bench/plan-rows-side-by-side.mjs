// The plan-list rows of issue 26 at 100,000 on two checkouts at once (before/after), in turns, so
// a load that drifts on the shared box falls on both alike: p99 and req/s (8 connections, one
// write in ten, ≥ 1,000 distinct URLs a row, as bench/lib/filters-100k.mjs), the server's CPU per
// request (/proc) and its collector's work, each mock under `npm start`'s node flags plus (`--trace-gc`: mark-compacts and their pause
// milliseconds, scavenge milliseconds), RSS after. The load average is printed beside each line.
//   node bench/plan-rows-side-by-side.mjs --roots /tmp/before,/work/after [--size 100000] [--rounds 3] [--seconds 3] [--rows 'status;created_by;plan feed, status'] [--cpu-prof DIR]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, PLANS } from './lib/calls.mjs';
import { cpuSecondsOf, hit, median } from './lib/load.mjs';
import { freePort, HOST, memoryOf } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string' }, size: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, rows: { type: 'string', default: '(no filter),status,created_by,plan feed' }, 'cpu-prof': { type: 'string' } } });
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];

/** One mock from `root`, its `--trace-gc` lines collected. */
async function start(root) {
  const port = await freePort();
  const child = spawn(process.execPath, [...START_FLAGS, '--trace-gc', ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []), join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', values.size, '--seed', '1'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
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

/** The GC lines since `from`: mark-compact count and pause ms, scavenge ms. */
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

const rows = {
  '(no filter)': () => Array.from({ length: 1000 }, (_, i) => `${PLANS}?limit=${10 + (i % 10)}&page=${1 + Math.floor(i / 10)}`),
  // As filter-rows.mjs makes them for a filter of few values: each value's pages of ten, ≥ 1,000 URLs.
  status: () => STATUSES.flatMap((s) => Array.from({ length: 91 }, (_, i) => `${PLANS}?status=${s}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  created_by: () => Array.from({ length: 1000 }, (_, i) => `${PLANS}?created_by=${1 + (i % 20)}&limit=10&page=${1 + Math.floor(i / 20)}`),
  'plan feed': () => Array.from({ length: 1000 }, (_, i) => `/api/channel/${1 + (i % 4)}/cancellation_plans/inserts_or_updates/?limit=10&page=${1 + Math.floor(i / 4)}`),
  // Seventh session (plan-walk): the other many-match rows of filters-100k.mjs, deep pages as it cycles them.
  plan_type: () => ['cancel', 'refund'].flatMap((t) => Array.from({ length: 500 }, (_, i) => `${PLANS}?plan_type=${t}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  channel_type: () => ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon', 'feed', 'gittigidiyor', 'morhipo'].flatMap((t) => Array.from({ length: 125 }, (_, i) => `${PLANS}?channel_type=${t}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  tag: () => TAGS.flatMap((t) => Array.from({ length: 143 }, (_, i) => `${PLANS}?tag=${encodeURIComponent(t)}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  tag__exclude: () => TAGS.flatMap((t) => Array.from({ length: 143 }, (_, i) => `${PLANS}?tag__exclude=${encodeURIComponent(t)}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  'plan feed, modified_date__gt': (dates) => dates.map((d, i) => `/api/channel/${1 + (i % 8)}/cancellation_plans/inserts_or_updates/?modified_date__gt=${encodeURIComponent(d)}&limit=${10 + (i % 10)}`),
  'plan feed, status': () => Array.from({ length: 8 }, (_, c) => c + 1).flatMap((c) => STATUSES.flatMap((s) => Array.from({ length: 20 }, (_, i) => `/api/channel/${c}/cancellation_plans/inserts_or_updates/?status=${s}&limit=${10 + (i % 10)}${i >= 10 ? '&page=2' : ''}`))),
};
const TAGS = ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli'];

/** Modified dates of the newest 2,000 plans (a sync cursor's values), from the first mock. */
async function modifiedDates(url) {
  const out = [];
  for (let page = 1; page <= 8; page += 1) {
    const r = await fetch(`${url}${PLANS}?limit=250&page=${page}`, { headers: AUTH }).then((x) => x.json());
    out.push(...r.results.map((p) => p.modified_date));
  }
  return [...new Set(out)];
}

async function cyclePlans(url) {
  const r = await fetch(`${url}${PLANS}?status=failed&limit=8`, { headers: AUTH }).then((x) => x.json());
  return r.results.map((p) => ({ pk: p.pk, status: p.status }));
}

async function runRow(mock, paths, plans, seconds) {
  let next = 0;
  const setupClient = (client) => {
    const me = next++;
    const p = plans[me % plans.length];
    const list = [];
    for (let i = 0; i < paths.length; i += 1) {
      list.push({ method: 'GET', path: paths[(i + me * 131) % paths.length], headers: AUTH });
      if ((i + 1) % 9 === 0) list.push({ method: 'POST', path: `${PLANS}${p.pk}/update_status/`, headers: { ...AUTH, 'Content-Type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ status: p.status === 'failed' ? 'manuel_refund_need' : 'failed' }) }), onResponse: (status) => { if (status === 200) p.status = p.status === 'failed' ? 'manuel_refund_need' : 'failed'; } });
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
  const plans = await Promise.all(mocks.map((m) => cyclePlans(m.url)));
  console.log(`plan rows at ${Number(values.size).toLocaleString('en')}, 8 connections, 1 write in 10, ${values.rounds} rounds of ${values.seconds} s, mocks in turns`);
  const dates = await modifiedDates(mocks[0].url);
  // Rows named with a comma ('plan feed, status') are listed with ';' between them.
  for (const name of values.rows.split(values.rows.includes(';') ? ';' : ',')) {
    const paths = rows[name](dates);
    const per = mocks.map(() => ({ p99: [], rps: [], cpu: [] }));
    for (const [i, m] of mocks.entries()) await runRow(m, paths, plans[i], 1); // warm-up
    for (let r = 0; r < Number(values.rounds); r += 1) {
      for (const [i, m] of mocks.entries()) {
        const x = await runRow(m, paths, plans[i], Number(values.seconds));
        per[i].p99.push(x.p99); per[i].rps.push(x.rps); per[i].cpu.push(x.cpuUs);
        console.log(`  ${name.padEnd(12)} ${m.root.padEnd(26)} p99 ${String(x.p99).padStart(4)} ms  ${Math.round(x.rps)} req/s  ${Math.round(x.cpuUs)} µs CPU/req  GC: ${x.gc.marks} mark-compact ${x.gc.markMs} ms, scavenge ${x.gc.scavMs} ms, longest ${x.gc.maxMs} ms${x.non2xx ? `  non-2xx ${x.non2xx}` : ''}  load ${load()}`);
      }
    }
    for (const [i, m] of mocks.entries()) console.log(`  ${name.padEnd(12)} ${m.root.padEnd(26)} MEDIAN p99 ${median(per[i].p99)} ms, ${Math.round(median(per[i].rps))} req/s, ${Math.round(median(per[i].cpu))} µs CPU/req`);
  }
  for (const m of mocks) console.log(`  RSS ${m.root}: ${Math.round(memoryOf(m.pid()).rss / 2 ** 20)} MiB`);
} finally {
  for (const m of mocks) m.stop();
  // A profiled mock writes its profile as it exits.
  if (values['cpu-prof']) await Promise.all(mocks.map((m) => new Promise((r) => (m.child.exitCode !== null ? r() : m.child.once('exit', r)))));
}
process.exit(0);
