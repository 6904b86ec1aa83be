// The many-match plan rows of issue 26 at 100,000 and the collector (eighth session, plan-gc): a
// mock per checkout (`npm start`'s flags plus `--trace-gc-nvp`), 8 `fetch` loops cycling a row's
// URLs (every tenth request a plan status move, as filters-100k.mjs writes), the mocks in turns,
// round after round. Per window: p50/p99/max, req/s, the server's CPU per request (/proc), and the
// collector's work from its trace — scavenges (and how many paused > 10 ms), mark-compacts, their
// pause ms, MB promoted to old space a second — with the load average beside each line.
//   node bench/plan-gc.mjs [--roots /tmp/before,/work/after] [--row customer_id,plan_type] [--size 100000]
//                          [--seconds 10] [--rounds 2] [--write-every 10] [--flags '--max-semi-space-size=16']
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, PLANS } from './lib/calls.mjs';
import { pages } from './lib/filter-rows.mjs';
import { cpuSecondsOf } from './lib/load.mjs';
import { freePort, HOST, memoryOf, ROOT } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string', default: ROOT }, row: { type: 'string', default: 'customer_id' }, size: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' }, 'write-every': { type: 'string', default: '10' }, flags: { type: 'string', default: '' } } });
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const CONNECTIONS = 8;
const WRITE_EVERY = Number(values['write-every']);
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];
const CHANNEL_TYPES = ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon', 'feed', 'gittigidiyor', 'morhipo'];
const TAGS = ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli'];
/** Pages of ten of each value, deep as filters-100k.mjs cycles them (≥ 1,000 URLs a row). */
const deep = (name, vals, perValue) => vals.flatMap((v) => Array.from({ length: perValue }, (_, i) => `${PLANS}?${name}=${encodeURIComponent(v)}&limit=10${i ? `&page=${i + 1}` : ''}`));
const ROWS = {
  customer_id: (plans) => [...new Set(plans.map((p) => p.order.customer))].map((c) => `${PLANS}?customer_id=${c}&limit=10`),
  plan_type: () => deep('plan_type', ['cancel', 'refund'], 500),
  status: () => deep('status', STATUSES, 91),
  channel_type: () => deep('channel_type', CHANNEL_TYPES, 125),
  created_by: () => Array.from({ length: 1000 }, (_, i) => `${PLANS}?created_by=${1 + (i % 20)}&limit=10&page=${1 + Math.floor(i / 20)}`),
  tag: () => deep('tag', TAGS, 143),
  pk: (plans) => plans.slice(0, 2000).map((p) => `${PLANS}?pk=${p.pk}&limit=10`),
};

/** The mock of checkout `root`, its collector's trace lines parsed as they come. */
async function start(root) {
  const port = await freePort();
  const extra = values.flags.split(/\s+/).filter(Boolean);
  const args = [...START_FLAGS, ...extra, '--trace-gc-nvp', join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', values.size, '--seed', '1'];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const gcs = [];
  let rest = '';
  child.stdout.on('data', (d) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop();
    for (const l of parts) {
      const m = / pause=([\d.]+) .*? gc=(\w+) .*? promoted=(\d+)/.exec(l);
      if (!m) continue;
      const part = (name) => Number(new RegExp(` ${name.replace('.', '\\.')}=([\\d.]+)`).exec(l)?.[1] ?? 0);
      gcs.push({ pause: Number(m[1]), kind: m[2], promoted: Number(m[3]), roots: part('scavenge.roots'), parallel: part('scavenge.parallel'), sweep: part('scavenge.sweep_array_buffers'), survived: part('new_space_survived') });
    }
  });
  const url = `http://${HOST}:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mock from ${root} exited`);
    if (await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { root, url, child, gcs, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

/** Plans in `failed` a connection moves back and forth (its own one each). */
async function cyclePlans(url) {
  const r = await fetch(`${url}${PLANS}?status=failed&limit=${CONNECTIONS}`, { headers: AUTH }).then((x) => x.json());
  return r.results.map((p) => ({ pk: p.pk, status: p.status }));
}

/** One window: 8 loops over `urls` (each from its own offset), a write every `WRITE_EVERY`th. */
async function window(mock, urls, plans, seconds) {
  const lat = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const [cpu0, gc0] = [cpuSecondsOf(mock.child.pid), mock.gcs.length];
  const loop = async (me) => {
    const plan = plans[me % plans.length];
    for (let i = 0; performance.now() < until; i += 1) {
      const t0 = performance.now();
      let res;
      if (WRITE_EVERY > 0 && plan && i % WRITE_EVERY === WRITE_EVERY - 1) {
        const next = plan.status === 'failed' ? 'manuel_refund_need' : 'failed';
        res = await fetch(`${mock.url}${PLANS}${plan.pk}/update_status/`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: next }) });
        if (res.ok) plan.status = next;
      } else {
        res = await fetch(mock.url + urls[(i + me * 131) % urls.length], { headers: AUTH });
      }
      await res.arrayBuffer();
      if (!res.ok) errors += 1;
      lat.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, me) => loop(me)));
  const cpu = cpuSecondsOf(mock.child.pid) - cpu0;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  const g = mock.gcs.slice(gc0);
  const sc = g.filter((x) => x.kind === 's');
  const mc = g.filter((x) => x.kind !== 's' && x.kind !== 'mmc');
  const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
  // What the scavenges over 10 ms spent their pause on (means), and what survived them.
  const long = sc.filter((x) => x.pause > 10);
  const mean = (f) => (long.length ? sum(long, f) / long.length : 0);
  return {
    longParts: long.length ? `roots ${mean((x) => x.roots).toFixed(1)}, copying ${mean((x) => x.parallel).toFixed(1)}, array buffers ${mean((x) => x.sweep).toFixed(1)} ms, ${(mean((x) => x.survived) / 1024).toFixed(0)} KB survived` : '',
    n: lat.length, errors, p50: q(0.5), p99: q(0.99), max: lat.at(-1), rps: lat.length / seconds, cpuUs: (cpu * 1e6) / lat.length,
    scavenges: sc.length, scavLong: sc.filter((x) => x.pause > 10).length, scavMs: sum(sc, (x) => x.pause), marks: mc.length, markMs: sum(mc, (x) => x.pause),
    promotedMBs: sum(g, (x) => x.promoted) / 2 ** 20 / seconds, promotedKBreq: sum(g, (x) => x.promoted) / 1024 / lat.length, gcUsReq: ((sum(sc, (x) => x.pause) + sum(mc, (x) => x.pause)) * 1000) / lat.length,
  };
}

const mocks = [];
try {
  for (const root of values.roots.split(',')) mocks.push(await start(root));
  const plans = await pages(mocks[0].url, PLANS, 3);
  const writes = await Promise.all(mocks.map((m) => cyclePlans(m.url)));
  console.log(`plan rows and the collector at ${Number(values.size).toLocaleString('en')}: ${CONNECTIONS} fetch loops, ${WRITE_EVERY > 0 ? `1 write in ${WRITE_EVERY}` : 'no writes'}, ${values.rounds} rounds of ${values.seconds} s, mocks in turns${values.flags ? `, extra flags ${values.flags}` : ''}`);
  for (const row of values.row.split(',')) {
    const urls = ROWS[row](plans);
    for (const [i, m] of mocks.entries()) await window(m, urls, writes[i], 2);
    for (let r = 0; r < Number(values.rounds); r += 1) {
      const order = r % 2 ? [...mocks.entries()].reverse() : [...mocks.entries()];
      for (const [i, m] of order) {
        const x = await window(m, urls, writes[i], Number(values.seconds));
        console.log(`  ${row.padEnd(14)} ${m.root.padEnd(22)} p50 ${x.p50.toFixed(1).padStart(5)} p99 ${x.p99.toFixed(1).padStart(6)} max ${x.max.toFixed(0).padStart(4)} ms  ${Math.round(x.rps)} req/s  ${Math.round(x.cpuUs)} µs CPU/req  GC: ${x.scavenges} scavenges (${x.scavLong} > 10 ms, ${Math.round(x.scavMs)} ms), ${x.marks} mark-compacts (${Math.round(x.markMs)} ms), promoted ${x.promotedMBs.toFixed(1)} MB/s = ${x.promotedKBreq.toFixed(2)} KB/req; pauses ${Math.round(x.gcUsReq)} µs/req${x.errors ? `  errors ${x.errors}` : ''}  load ${load()}`);
        if (x.longParts) console.log(`      scavenges > 10 ms, mean: ${x.longParts}`);
      }
    }
  }
  for (const m of mocks) console.log(`  RSS ${m.root}: ${Math.round(memoryOf(m.child.pid).rss / 2 ** 20)} MiB`);
} finally {
  await Promise.all(mocks.map((m) => m.stop()));
}
process.exit(0);
