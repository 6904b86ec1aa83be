// The slowest URLs of filter rows at a given size, one connection, no writes (issue 26: what makes
// a row's p99): each row's URLs twice through a real `serve`, the client's time and the server's
// own `duration_ms` (`GET /__mock/requests`), the 15 slowest printed with the load average.
//   node bench/slow-urls.mjs [--size 100000] 'tag;tag__exclude;plan feed, status'
import { loadavg } from 'node:os';
import { startMock } from './lib/servers.mjs';
import { channelRows, planRows } from './lib/filter-rows.mjs';
import { AUTH, PLANS } from './lib/calls.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : dflt; };
const size = Number(opt('--size', 100000));
const rowNames = (args[0] ?? 'tag').split(';');
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const mock = await startMock({ size });
const url = mock.url;
const rows = { ...(await planRows(url)), ...(await channelRows(url)) };
for (const name of rowNames) {
  const qs = rows[name];
  if (!qs) { console.log(`no row ${name}`); continue; }
  const times = [];
  for (let lap = 0; lap < 2; lap++) for (const q of qs) {
    const path = q.startsWith('/') ? q : `${PLANS}?${q}`;
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { headers: AUTH });
    const b = await res.arrayBuffer();
    times.push([performance.now() - t0, path, b.byteLength, lap]);
  }
  const log = await (await fetch(`${url}/__mock/requests?limit=1000`, { headers: AUTH })).json();
  const entries = Array.isArray(log) ? log : (log.results ?? log.requests ?? []);
  const d = entries.map((e) => e.duration_ms).filter((x) => typeof x === 'number').sort((a, b) => a - b);
  console.log(`${name}: server's own (last ${d.length}) p50 ${d[d.length >> 1]} p99 ${d[Math.floor(d.length * 0.99)]} max ${d.at(-1)} | load ${load()}`);
  const ms = times.map((t) => t[0]).sort((a, b) => a - b);
  console.log(`  client n ${ms.length} p50 ${ms[ms.length >> 1].toFixed(2)} p99 ${ms[Math.floor(ms.length * 0.99)].toFixed(2)} max ${ms.at(-1).toFixed(2)}`);
  times.sort((a, b) => b[0] - a[0]);
  for (const t of times.slice(0, 15)) console.log(`   ${t[0].toFixed(2)} ms ${t[2]} B lap ${t[3]} ${t[1]}`);
}
await mock.stop?.();
process.exit(0);
