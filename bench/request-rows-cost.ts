// Issue 26's request rows at 100,000, in one process (no sockets): the URLs filters-100k.mjs makes
// for each row (bench/lib/filter-rows.mjs, discovered through this mock's own API by routing
// `fetch` to `app.request`), answered through `app.request()` in turns, row by row, a write (a
// request PATCH or tag write, as the HTTP bench's writer) before every tenth read. Prints CPU µs
// per read (process.cpuUsage) per row, each round's rows interleaved, the load average beside.
// --prof DIR: each row's first round is profiled alone (node:inspector), DIR/<row>.cpuprofile.
//   node --import tsx bench/request-rows-cost.ts [--size 100000] [--rounds 3] [--reads 2000] [--only a,b] [--prof DIR]
import './lib/under-start-flags.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
const MOCK_TOKEN = 'omnitron-mock-token'; // bench/lib/servers.mjs's
import { channelRows, requestRows } from './lib/filter-rows.mjs';

const { values } = parseArgs({ options: { size: { type: 'string' }, rounds: { type: 'string' }, reads: { type: 'string' }, only: { type: 'string' }, prof: { type: 'string' } } });
const size = Number(values.size ?? 100_000);
const rounds = Number(values.rounds ?? 3);
const readsPerRow = Number(values.reads ?? 2000);
const only = values.only?.split(',') ?? ['status', 'currency', 'fully_refund_as_loyalty_money', 'cancellation_plan_status', 'channel', 'shipping_option_slug', 'reason', 'detailed/ status', 'image feed'];
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const AUTH = { Authorization: `Token ${MOCK_TOKEN}` };
const REQUESTS = '/api/v1/cancellation_requests/';

const mock = await buildMock({ ...testConfig(), token: MOCK_TOKEN, size }, { logger: silentLogger, start: false });
const ORIGIN = 'http://mock.local';
globalThis.fetch = ((input: string, init?: RequestInit) => mock.app.request(String(input), init)) as typeof fetch;

const all: Record<string, string[]> = {};
for (const [name, list] of Object.entries(await requestRows(ORIGIN))) {
  all[name] = list.map((s) => (typeof s === 'string' ? `${REQUESTS}?${s}` : s.path ?? `${REQUESTS}?${s.s}`));
}
for (const [name, list] of Object.entries(await channelRows(ORIGIN))) all[name] = list as string[];
const ids = [...mock.store.requests.keys()].slice(-200);

let writes = 0;
async function write(): Promise<void> {
  writes += 1;
  const id = ids[writes % ids.length]!;
  const init = writes % 2
    ? { method: 'PATCH', path: `${REQUESTS}${id}/`, body: JSON.stringify({ description: `bench note ${writes}` }) }
    : { method: 'POST', path: `${REQUESTS}${id}/${writes % 4 ? 'add_tag' : 'remove_tag'}/`, body: JSON.stringify({ key: `bench-${writes % 100}` }) };
  const res = await mock.app.request(init.path, { method: init.method, body: init.body, headers: { ...AUTH, 'Content-Type': 'application/json' } });
  await res.arrayBuffer();
}

async function row(urls: string[], offset: number): Promise<{ us: number; bytes: number; bad: number }> {
  let [us, bytes, bad] = [0, 0, 0];
  for (let i = 0; i < readsPerRow; i += 1) {
    if (i % 9 === 8) await write();
    const path = urls[(offset + i) % urls.length]!;
    const t = process.cpuUsage();
    const res = await mock.app.request(path, { headers: AUTH });
    const body = await res.arrayBuffer();
    const d = process.cpuUsage(t);
    us += d.user + d.system;
    bytes += body.byteLength;
    if (res.status !== 200) bad += 1;
  }
  return { us: us / readsPerRow, bytes: bytes / readsPerRow, bad };
}

const names = only.filter((n) => all[n]?.length);
console.log(`size ${size}, ${readsPerRow} reads a row a round, rows: ${names.map((n) => `${n} (${all[n]!.length} URLs)`).join(', ')}`);
for (const n of names) await row(all[n]!, 0); // warm-up: first lists build their indexes
if (values.prof) {
  mkdirSync(values.prof, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  for (const n of names) {
    await session.post('Profiler.start');
    await row(all[n]!, 7);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${values.prof}/${n.replace(/[^a-z0-9_]+/gi, '-')}.cpuprofile`, JSON.stringify(profile));
  }
  session.disconnect();
}
const table: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < rounds; r += 1) {
  for (const n of r % 2 ? [...names].reverse() : names) {
    const m = await row(all[n]!, (r + 1) * 379);
    table[n]!.push(m.us);
    console.log(`round ${r + 1} ${n.padEnd(32)} ${m.us.toFixed(0).padStart(6)} µs CPU/read  ${(m.bytes / 1024).toFixed(1)} KiB${m.bad ? `  non-200 ${m.bad}` : ''}  load ${load()}`);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('\n| row | CPU µs/read (median) | rounds | load |\n|---|---:|---|---|');
for (const n of names) if (table[n]!.length) console.log(`| ${n} | ${med(table[n]!).toFixed(0)} | ${table[n]!.map((x) => x.toFixed(0)).join(', ')} | ${load()} |`);
console.log(`RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
await mock.webhooks.close();
process.exit(0);
