// One hot row of issue 26 on a mock under `node --cpu-prof`: the server's CPU per request (from
// /proc) and the functions with the most self and inclusive time, for reading where a read's
// microseconds go (bench/findings.md). Never part of `npm test`.
//   node bench/hot-profile.mjs [--row request-detail,plan-detail] [--seconds 5] [--mode mixed|reads|writes|both|all]
//                              [--no-prof] [--top 25] [--roots /path/before,/path/after] [--interleave 6]
//                              [--ceiling hono|node] [--warmup 2]
// --ceiling profiles the row's ceiling (bench/ceiling-server.mjs answering the same bytes) instead
// of the mock: what a profile of the same socket writes looks like where no mock work is done.
// --interleave N (with --roots, no profile): both mocks up at once, N rounds of `--seconds` on
// each in turn, so a load that drifts between runs (the box is shared) falls on both alike; it
// prints each round's CPU/request and the median ratio after ÷ before.
// --warmup S (default 2): seconds of load on each mock before measuring. Writes alone need ~6: a
// fresh server's first seconds of writes cost 2–5 × their settled CPU (its compiler threads and
// unoptimised code; bench/findings.md, eighth session, engine-hot).
import { mkdtempSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverHot, fillWidgets, hotClients } from './lib/hot-rows.mjs';
import { cpuSecondsOf, hit, measure, median } from './lib/load.mjs';
import { summariseProfile } from './lib/profile-summary.mjs';
import { freePort, profArgs, ROOT, startMock, startServer } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const ENGINE_FIXTURE = new URL('../test/fixtures/engine/widgets.openapi.yaml', import.meta.url).pathname;
const { values } = parseArgs({ options: { row: { type: 'string', default: 'request-detail' }, seconds: { type: 'string', default: '5' }, top: { type: 'string', default: '25' }, 'no-prof': { type: 'boolean' }, mode: { type: 'string' }, roots: { type: 'string' }, interleave: { type: 'string' }, ceiling: { type: 'string' }, warmup: { type: 'string', default: '2' } } });
const tmp = mkdtempSync(join(tmpdir(), 'hot-profile-'));
const a = await startMock({ size: 1000 });
const e = await startMock({ size: 1000, specs: [ENGINE_FIXTURE] });
const hot = await discoverHot(a.url, e.url, tmp).finally(() => Promise.all([a.stop(), e.stop()]));
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
for (const row of values.row.split(',')) {
  const modes = values.mode === 'both' ? ['mixed', 'reads'] : values.mode === 'all' ? ['mixed', 'reads', 'writes'] : [values.mode ?? 'mixed'];
  // --roots A,B: the same row on mocks built from two checkouts, one after the other (before/after).
  for (const mode of modes) {
    if (values.interleave && values.roots) await interleaved(row, mode, values.roots.split(','), Number(values.interleave));
    else for (const root of values.roots?.split(',') ?? [null]) await one(row, mode, root);
  }
}

/** The row on one mock per root, all up at once, measured in turns (`--interleave`). */
async function interleaved(row, mode, roots, rounds) {
  const specs = row.startsWith('engine') ? [ENGINE_FIXTURE] : [];
  const mocks = [];
  try {
    for (const root of roots) mocks.push(await startFrom(root, specs, null));
    const sides = mocks.map((mock) => ({ mock, setupClient: hotClients(row, hot, { readsOnly: mode === 'reads', writesOnly: mode === 'writes' }), cpu: [], rps: [] }));
    for (const side of sides) {
      if (row.startsWith('engine')) await fillWidgets(side.mock.url);
      await hit({ url: side.mock.url, path: '/', connections: 50, setupClient: side.setupClient, duration: Number(values.warmup) });
    }
    for (let round = 0; round < rounds; round += 1) {
      // Each round starts with another side, so neither always follows the same one.
      for (const k of sides.keys()) {
        const side = sides[(k + round) % sides.length];
        const cpu0 = cpuSecondsOf(side.mock.pid);
        const r = await hit({ url: side.mock.url, path: '/', connections: 50, setupClient: side.setupClient, duration: Number(values.seconds) });
        side.cpu.push(((cpuSecondsOf(side.mock.pid) - cpu0) * 1e6) / r.total);
        side.rps.push(r.rps);
      }
      console.log(`${row.padEnd(15)} ${mode.padEnd(6)} round ${round + 1}: ${sides.map((s) => `${s.cpu.at(-1).toFixed(0).padStart(5)} µs`).join('  ')}  load ${load()}`);
    }
    const ratios = sides[0].cpu.map((c, i) => sides.at(-1).cpu[i] / c);
    for (const [i, side] of sides.entries()) {
      console.log(`${roots[i].padEnd(24)} ${row.padEnd(15)} ${mode.padEnd(6)}: median ${median(side.rps).toFixed(0).padStart(6)} req/s ${median(side.cpu).toFixed(0).padStart(5)} µs CPU/req`);
    }
    console.log(`${row} ${mode}: CPU/request ${roots.at(-1)} ÷ ${roots[0]}, median of ${rounds} rounds: ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(' ')})  load ${load()}`);
  } finally {
    await Promise.all(mocks.map((m) => m.stop()));
  }
}

/** One row on a fresh mock (profiled unless --no-prof): its CPU per request, then the profile. */
async function one(row, mode, root) {
  const engine = row.startsWith('engine');
  const profDir = values['no-prof'] ? null : join(tmp, `prof-${row}-${mode}`);
  const specs = engine ? [ENGINE_FIXTURE] : [];
  const mock = values.ceiling ? await startCeilingProfiled(values.ceiling, profDir)
    : root === null ? await startMock({ size: 1000, specs, cpuProfDir: profDir }) : await startFrom(root, specs, profDir);
  if (engine && !values.ceiling) await fillWidgets(mock.url);
  try {
    const setupClient = hotClients(row, hot, { readsOnly: mode === 'reads', writesOnly: mode === 'writes' });
    const r = await measure({ url: mock.url, path: '/', connections: 50, setupClient }, { warmupS: Number(values.warmup), durationS: Number(values.seconds) }, mock.pid);
    console.log(`${root === null ? '' : `${root.padEnd(24)} `}${row.padEnd(15)} ${mode.padEnd(6)}: ${r.rps.toFixed(0).padStart(6)} req/s ${r.cpuUsPerRequest.toFixed(0).padStart(5)} µs CPU/req  codes ${JSON.stringify(r.statusCodes)}  load ${load()}`);
  } finally {
    await mock.stop();
  }
  if (!profDir) return;
  const file = join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')));
  const s = summariseProfile(file, { top: Number(values.top), lastMs: (Number(values.seconds) + 2) * 1000 });
  const show = (rows) => rows.map((x) => `  ${x.pct.toFixed(1).padStart(5)} %  ${x.ms.toFixed(0).padStart(6)} ms  ${x.name}`).join('\n');
  console.log(`busy ${s.ms.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms\nself:\n${show(s.self)}\ninclusive:\n${show(s.total)}`);
}

/** The hot rows' ceiling (`hono` or `node`) answering the captured bytes, under --cpu-prof unless --no-prof. */
async function startCeilingProfiled(kind, profDir) {
  const port = await freePort();
  const args = [...profArgs(profDir), join(ROOT, 'bench/ceiling-server.mjs'), '--port', String(port), '--kind', kind, '--bodies', hot.bodiesFile];
  const ready = async (url) => (await fetch(`${url}/__ready`, { signal: AbortSignal.timeout(2000) })).ok;
  return startServer({ name: `ceiling (${kind})`, args, port, ready });
}

/** `serve` from another checkout (its own bin/), as startMock starts this one (with `npm start`'s node flags). */
async function startFrom(root, specs, profDir) {
  const port = await freePort();
  const args = [...START_FLAGS, ...profArgs(profDir), join(root, 'bin/omnitron-mock.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--size', '1000', '--seed', '1', ...specs.flatMap((s) => ['--spec', s])];
  const ready = async (url) => (await fetch(`${url}/__mock/health`, { signal: AbortSignal.timeout(2000) })).ok;
  return startServer({ name: `omnitron-mock (${root})`, args, port, ready, timeoutMs: 300_000 });
}
