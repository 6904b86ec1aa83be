// What a many-match plan row's p99 at 100,000 is made of (nineteenth session, p99 helper): the
// rows of filters-100k.mjs (its URLs, its writes, 8 connections, 1 in 10 a write, 1 s warm-up, runs
// of 3 s) against a mock per checkout, with every request's latency recorded with its kind (read,
// or which write) and the time it was sent, and the server's own collector pauses and event-loop
// stalls recorded with their times (bench/lib/p99-probe.mjs, loaded with `--import`). For each run:
// p99 of all / reads / writes, the server's CPU a request, and for the requests at or over the
// run's p99: how many were writes, how many overlapped a scavenge, a mark-compact's pause, or a
// stall of the event loop over 5 ms that no pause explains (own: the process ran on a core most of
// it; box: it mostly waited for one), or none of these (queueing), and the pauses' ms in the run.
//   node bench/p99-split.mjs [--roots /tmp/p99-before,.] [--rows status,tag,plan_type] [--runs 3]
//                            [--seconds 3] [--size 100000] [--flags=';--single-threaded-gc'] [--keep DIR]
// (--flags: node flags per root, ';' between roots — a root may be given twice with two flag sets;
// with --trace-gc… the mock's stdout is kept in DIR.)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { filterRows } from './lib/filters-100k.mjs';
import { cpuSecondsOf } from './lib/load.mjs';
import { freePort, HOST, memoryOf, ROOT, track } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({
  options: {
    roots: { type: 'string', default: ROOT },
    rows: { type: 'string', default: 'status,tag,plan_type' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    size: { type: 'string', default: '100000' },
    flags: { type: 'string', default: '' },
    keep: { type: 'string' },
  },
});
const [CONNECTIONS, WRITE_EVERY] = [8, 10];
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const now = () => performance.timeOrigin + performance.now();
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');

async function startProbed(root, flags, probeOut, stdoutFile) {
  const port = await freePort();
  const extra = flags.split(/\s+/).filter(Boolean);
  const args = [...START_FLAGS, ...extra, '--import', resolve(ROOT, 'bench/lib/p99-probe.mjs'), join(root, 'bin/omnitron-mock.js'), 'serve', '--host', HOST, '--port', String(port), '--size', values.size, '--seed', '1'];
  const child = track(spawn(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', P99_PROBE_OUT: probeOut }, stdio: ['ignore', openSync(stdoutFile, 'w'), 'inherit'] }));
  const url = `http://${HOST}:${port}`;
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mock in ${root} exited`);
    const ok = await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, pid: child.pid, readyMs: performance.now() - t0, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** filters-100k's runOnce, recording each response: [sent at (wall ms), latency ms, kind]. */
async function recordedRun(url, reads, writer, seconds) {
  const records = [];
  let nextClient = 0;
  await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    setupClient: (client) => {
      const me = nextClient++;
      const list = [];
      for (let i = 0; i < reads.length; i += 1) {
        list.push(reads[(i + me * 131) % reads.length]);
        if ((i + 1) % (WRITE_EVERY - 1) === 0) list.push(writer(me));
      }
      client.setRequests(list);
      let last = null;
      const it = client.requestIterator;
      const recordBody = it.recordBody;
      it.recordBody = function (req, ...rest) {
        last = req;
        return recordBody.call(this, req, ...rest);
      };
      client.on('response', (status, bytes, ms) => {
        const at = now();
        const kind = last?.method === 'GET' ? 'read' : `write ${(last?.path ?? '').split('/').filter(Boolean).pop()}`;
        records.push([at - ms, ms, kind, status]);
      });
    },
  });
  return records;
}

function probeEvents(file, from, to) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.at + e.ms >= from && e.at <= to);
}

function analyse(records, events) {
  const all = records.map((r) => r[1]).sort((a, b) => a - b);
  const reads = records.filter((r) => r[2] === 'read').map((r) => r[1]).sort((a, b) => a - b);
  const writes = records.filter((r) => r[2] !== 'read').map((r) => r[1]).sort((a, b) => a - b);
  const p99 = pct(all, 99);
  const slow = records.filter((r) => r[1] >= p99);
  const gcs = events.filter((e) => e.t === 'gc');
  const lags = events.filter((e) => e.t === 'lag');
  const overlaps = (r, e) => e.at < r[0] + r[1] && e.at + e.ms > r[0];
  let withMinor = 0, withMajor = 0, withLag = 0, withPreempt = 0, writesSlow = 0, plain = 0;
  for (const r of slow) {
    const g = gcs.filter((e) => overlaps(r, e));
    const minor = g.some((e) => e.kind === 'minor');
    const major = g.some((e) => e.kind !== 'minor');
    // a stall no collector pause overlaps: the loop was busy with something else (a write, a
    // long request, marking steps, a timer)
    const stalls = lags.filter((e) => e.ms > 5 && overlaps(r, e) && !gcs.some((x) => overlaps([e.at, e.ms], x)));
    const preempt = stalls.some((e) => e.cpu < 0.5 * e.wall);
    const lag = !preempt && stalls.length > 0;
    if (minor) withMinor += 1;
    if (major) withMajor += 1;
    if (lag) withLag += 1;
    if (preempt) withPreempt += 1;
    if (r[2] !== 'read') writesSlow += 1;
    if (!minor && !major && !lag && !preempt) plain += 1;
  }
  const sum = (xs) => xs.reduce((a, e) => a + e.ms, 0);
  return {
    n: records.length, p50: pct(all, 50), p99, p999: pct(all, 99.9), max: all.at(-1),
    readP99: pct(reads, 99), writeP50: pct(writes, 50), writeP99: pct(writes, 99), writes: writes.length,
    slow: slow.length, writesSlow, withMinor, withMajor, withLag, withPreempt, plain,
    minorN: gcs.filter((e) => e.kind === 'minor').length, minorMs: sum(gcs.filter((e) => e.kind === 'minor')), minorMax: Math.max(0, ...gcs.filter((e) => e.kind === 'minor').map((e) => e.ms)),
    majorN: gcs.filter((e) => e.kind !== 'minor').length, majorMs: sum(gcs.filter((e) => e.kind !== 'minor')),
    lagN: lags.filter((e) => e.ms > 5).length, lagMax: Math.max(0, ...lags.map((e) => e.ms)),
  };
}

const roots = values.roots.split(',').map((r) => resolve(r));
const rowNames = values.rows.split(',');
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'p99-split-'));
mkdirSync(dir, { recursive: true });
console.log(`p99 split at ${Number(values.size).toLocaleString('en')}: rows ${rowNames.join(', ')}; ${values.runs} runs of ${values.seconds} s a row; roots ${roots.join(' | ')}  load ${load()}`);
for (const [i, root] of roots.entries()) {
  const probe = join(dir, `probe-${i}.ndjson`);
  rmSync(probe, { force: true });
  const flags = values.flags.split(';')[i] ?? values.flags.split(';')[0] ?? '';
  const mock = await startProbed(root, flags, probe, join(dir, `stdout-${i}.txt`)); // --flags '--trace-gc…' writes here
  try {
    const rows = (await filterRows(mock.url)).filter((r) => r.list === 'plans' && rowNames.includes(r.name));
    console.log(`\n${root} ${flags}: ready in ${(mock.readyMs / 1000).toFixed(1)} s  load ${load()}`);
    console.log('row         run   n   p50  p99  p99.9  max | reads p99 | writes p50 p99 (n) | CPU µs/req | slow: writes scav major stall(own) stall(box) none | scav n/ms/max  major n/ms  stalls>5 max | load');
    for (const name of rowNames) {
      const row = rows.find((r) => r.name === name);
      if (!row) { console.log(`  no row ${name}`); continue; }
      await fetch(mock.url + row.reads[0].path, { headers: row.reads[0].headers });
      await recordedRun(mock.url, row.reads, row.writer, 1);
      for (let r = 0; r < Number(values.runs); r += 1) {
        const cpu0 = cpuSecondsOf(mock.pid);
        const from = now();
        const records = await recordedRun(mock.url, row.reads, row.writer, Number(values.seconds));
        const to = now();
        const cpu = cpuSecondsOf(mock.pid) - cpu0;
        await new Promise((res) => setTimeout(res, 1100)); // let the probe flush
        const a = analyse(records, probeEvents(probe, from, to));
        console.log(`${name.padEnd(10)} ${r + 1}  ${String(a.n).padStart(5)} ${f1(a.p50).padStart(5)} ${f1(a.p99).padStart(5)} ${f1(a.p999).padStart(5)} ${f1(a.max).padStart(5)} | ${f1(a.readP99).padStart(5)} | ${f1(a.writeP50)} ${f1(a.writeP99)} (${a.writes}) | ${Math.round((cpu * 1e6) / a.n)} | ${a.slow}: ${a.writesSlow} ${a.withMinor} ${a.withMajor} ${a.withLag} ${a.withPreempt} ${a.plain} | ${a.minorN}/${Math.round(a.minorMs)}/${f1(a.minorMax)}  ${a.majorN}/${Math.round(a.majorMs)}  ${a.lagN} ${f1(a.lagMax)} | ${load()}`);
      }
    }
    const { rss, peak } = memoryOf(mock.pid);
    console.log(`RSS ${(rss / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await mock.stop();
  }
}
process.exit(0);
