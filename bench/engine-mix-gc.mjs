// The engine list row (issue 26) over HTTP, by mode: `reads`, `mixed` (the hot row: a widget
// PATCH in ten requests), `writes`, and `mixed404`/`writes404` (the same PATCH of a widget that
// does not exist: a 404 before the body is read, nothing written), `mixedget404`,
// `mixedbodyless404`. Per request: the mock's CPU by thread and the main thread's user/kernel
// time, main-thread sleeps, collections by kind and their pause (`--trace-gc`), with
// `--flags=--trace-deopt` / `--trace-opt` what was (de)optimised in the window, with `STRACE=1` the
// main thread's syscalls, with `PERF=<file>` (and `--flags=--perf-basic-prof`, `PERF_G=1` for call
// graphs) perf CPU samples to `<file>.<mode>`. By default a fresh mock a mode; `--alternate`: one
// mock, every mode in turn each round, and the mixed row's excess over 0.9 × reads + 0.1 × writes
// per round (bench/findings.md, fourteenth session, engine-mix). Never in `npm test`.
//   node bench/engine-mix-gc.mjs [--alternate] [--roots A,B] [--modes reads,mixed,writes] [--seconds 4] [--warmup 5]
//                                [--rounds 1] [--windows 1] [--flags="--x --y"]
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTH, getJson } from './lib/calls.mjs';
import { fillWidgets, hotClients } from './lib/hot-rows.mjs';
import { cpuSecondsOf, hit } from './lib/load.mjs';
import { freePort, ROOT, track } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string', default: ROOT }, modes: { type: 'string', default: 'reads,mixed,writes' }, seconds: { type: 'string', default: '4' }, warmup: { type: 'string', default: '5' }, rounds: { type: 'string', default: '1' }, alternate: { type: 'boolean' }, windows: { type: 'string', default: '1' }, flags: { type: 'string', default: '' } } });
const FIXTURE = join(ROOT, 'test/fixtures/engine/widgets.openapi.yaml');
const WIDGETS = '/api/v1/widgets/';
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

async function start(root, out) {
  const port = await freePort();
  const fd = openSync(out, 'w');
  const args = [...START_FLAGS, '--trace-gc', ...values.flags.split(/\s+/).filter(Boolean), join(root, 'bin/omnitron-mock.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--size', '1000', '--seed', '1', '--spec', FIXTURE];
  const child = track(spawn(process.execPath, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', fd, 'inherit'] }));
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** CPU seconds by thread name (/proc/<pid>/task/*: the main thread, V8's workers, libuv's pool). */
function threadCpu(pid) {
  const by = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const key = Number(tid) === pid ? 'main' : name.replace(/\d+$/, '').trim();
      by[key] = (by[key] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
      // The main thread's user and kernel time apart: a socket's syscalls are kernel time.
      if (key === 'main') {
        by['main user'] = Number(f[11]) / 100;
        by['main sys'] = Number(f[12]) / 100;
        by['main faults'] = Number(f[7]) / 100;
      }
    } catch {
      /* a thread that ended */
    }
  }
  return by;
}

/** The main thread's voluntary context switches (each a sleep in epoll_wait: no request ready). */
function sleepsOf(pid) {
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
}

/** Collections in the trace from character `from` on: count and pause ms by kind. */
function gcs(out, from) {
  const text = readFileSync(out, 'utf8').slice(from);
  const by = {};
  for (const m of text.matchAll(/ms: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact|Minor Mark-Sweep)[^,]*MB, ([\d.]+) \/ ([\d.]+) ms/g)) {
    const k = (by[m[1]] ??= { n: 0, ms: 0 });
    k.n += 1;
    k.ms += Number(m[2]);
  }
  // With --flags=--trace-deopt: the deoptimisations in the window, by function and reason.
  const deopts = {};
  for (const m of text.matchAll(/bailout \(kind: ([^,]+), reason: ([^)]+)\): begin\. deoptimizing[^,]*?<JSFunction ([^ >]*)/g)) {
    const k = `${m[3]} ${m[1]} ${m[2]}`;
    deopts[k] = (deopts[k] ?? 0) + 1;
  }
  // With --flags=--trace-opt: functions optimised in the window (a path not yet warm).
  const opts = [...text.matchAll(/completed (?:optimizing|compiling method) [^<]*<JSFunction ([^ >]*)/g)].map((m) => m[1]);
  if (opts.length > 0) deopts[`(optimised in the window: ${opts.length}) ${[...new Set(opts)].slice(0, 30).join(' ')}`] = opts.length;
  if (Object.keys(deopts).length > 0) by.deopts = deopts;
  return by;
}

/** The row's autocannon `setupClient` for `mode` on a mock whose widgets are `widgets`. */
function clientsFor(mode, widgets) {
  const orderings = ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date'];
  const paths = orderings.flatMap((o) => Array.from({ length: Math.ceil(widgets.length / 10) }, (_, p) => `${WIDGETS}?limit=10&page=${p + 1}&ordering=${o}`));
  const missing = mode.endsWith('404');
  const hot = { paths: { 'engine-list': paths }, widgets: missing ? [{ pk: 999999 }] : widgets };
  if (mode !== 'mixedget404' && mode !== 'mixedbodyless404') return hotClients('engine-list', hot, { readsOnly: mode === 'reads', writesOnly: mode.startsWith('writes') });
  let cursor = 0;
  let clients = 0;
  const odd = mode === 'mixedget404' ? { method: 'GET', path: `${WIDGETS}999999/`, headers: AUTH } : { method: 'PATCH', path: `${WIDGETS}999999/`, headers: AUTH };
  return (client) => {
    const list = Array.from({ length: 9 }, () => ({ method: 'GET', headers: AUTH, setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }) }));
    list.push(odd);
    const offset = clients++ % list.length;
    client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
  };
}

// --alternate: one mock per root, every mode in turn in each round (a drifting load falls on all
// modes alike); per round the mixed row's excess over 0.9 × reads + 0.1 × writes (and 404 likewise).
if (values.alternate) {
  const modes = values.modes.split(',');
  for (const root of values.roots.split(',')) {
    const out = join(tmpdir(), `engine-mix-gc-${process.pid}.log`);
    const mock = await start(root, out);
    try {
      await fillWidgets(mock.url);
      const widgets = (await getJson(mock.url, `${WIDGETS}?limit=1000`)).json.results;
      const clients = Object.fromEntries(modes.map((m) => [m, clientsFor(m, widgets)]));
      for (const m of modes) await hit({ url: mock.url, path: '/', headers: AUTH, connections: 50, setupClient: clients[m], duration: Number(values.warmup) });
      const cpu = Object.fromEntries(modes.map((m) => [m, []]));
      for (let round = 0; round < Number(values.rounds); round += 1) {
        for (const k of modes.keys()) {
          const m = modes[(k + round) % modes.length];
          const cpu0 = cpuSecondsOf(mock.pid);
          // PERF=<file>: the last round's CPU samples of each mode, to <file>.<mode> (see above).
          const perf = process.env.PERF && round === Number(values.rounds) - 1 ? track(spawn('perf', ['record', ...(process.env.PERF_G ? ['-g'] : []), '-e', 'cpu-clock', '-F', '4000', '-p', String(mock.pid), '-o', `${process.env.PERF}.${m}`], { stdio: 'ignore' })) : null;
          const r = await hit({ url: mock.url, path: '/', headers: AUTH, connections: 50, setupClient: clients[m], duration: Number(values.seconds) });
          if (perf) {
            const done = new Promise((resolve) => perf.once('exit', resolve));
            perf.kill('SIGINT');
            await done;
            console.log(`perf: ${process.env.PERF}.${m}, ${r.total} requests`);
          }
          cpu[m].push(((cpuSecondsOf(mock.pid) - cpu0) * 1e6) / r.total);
        }
        const last = (m) => cpu[m]?.at(-1);
        const excess = (mixed, writes) => (last(mixed) !== undefined && last(writes) !== undefined ? ` ${mixed} − (0.9 reads + 0.1 ${writes}) ${(last(mixed) - 0.9 * last('reads') - 0.1 * last(writes)).toFixed(1)}` : '');
        console.log(`round ${round + 1}: ${modes.map((m) => `${m} ${last(m).toFixed(0)}`).join('  ')} µs;${excess('mixed', 'writes')}${excess('mixed404', 'writes404')}  load ${load()}`);
      }
      const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
      console.log(`${root} medians: ${modes.map((m) => `${m} ${med(cpu[m]).toFixed(1)}`).join('  ')} µs CPU/req`);
      const ex = (mixed, writes) => cpu[mixed] && cpu[writes] ? `${mixed} excess per round ${cpu[mixed].map((v, i) => (v - 0.9 * cpu.reads[i] - 0.1 * cpu[writes][i]).toFixed(1)).join(' ')} (median ${med(cpu[mixed].map((v, i) => v - 0.9 * cpu.reads[i] - 0.1 * cpu[writes][i])).toFixed(1)})` : '';
      console.log(ex('mixed', 'writes'));
      console.log(ex('mixed404', 'writes404'));
    } finally {
      await mock.stop();
    }
  }
  process.exit(0);
}

for (let round = 0; round < Number(values.rounds); round += 1) {
  for (const mode of values.modes.split(',')) {
    for (const root of values.roots.split(',')) {
      const out = join(tmpdir(), `engine-mix-gc-${process.pid}.log`);
      const mock = await start(root, out);
      try {
        await fillWidgets(mock.url);
        const page = await getJson(mock.url, `${WIDGETS}?limit=1000`);
        const widgets = page.json.results;
        const orderings = ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date'];
        const paths = orderings.flatMap((o) => Array.from({ length: Math.ceil(widgets.length / 10) }, (_, p) => `${WIDGETS}?limit=10&page=${p + 1}&ordering=${o}`));
        // mixed404 / writes404: the same PATCH (headers, body) of a widget that does not exist, so it
        // answers 404 before reading its body and writes nothing: what the mix costs apart from a write's effects.
        const missing = mode.endsWith('404');
        const hot = { paths: { 'engine-list': paths }, widgets: missing ? [{ pk: 999999 }] : widgets };
        let setupClient = hotClients('engine-list', hot, { readsOnly: mode === 'reads', writesOnly: mode.startsWith('writes') });
        // mixedget404: the tenth request a GET of that missing widget (another route, the same method);
        // mixedbodyless404: a PATCH of it with no body.
        if (mode === 'mixedget404' || mode === 'mixedbodyless404') {
          let cursor = 0;
          const odd = mode === 'mixedget404' ? { method: 'GET', path: `${WIDGETS}999999/`, headers: AUTH } : { method: 'PATCH', path: `${WIDGETS}999999/`, headers: AUTH };
          let clients = 0;
          setupClient = (client) => {
            const list = Array.from({ length: 9 }, () => ({ method: 'GET', headers: AUTH, setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }) }));
            list.push(odd);
            const offset = clients++ % list.length;
            client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
          };
        }
        if (Number(values.warmup) > 0) await hit({ url: mock.url, path: '/', headers: AUTH, connections: 50, setupClient, duration: Number(values.warmup) });
        // --windows K: K windows one after the other on the same mock (how a mode's cost moves as it runs).
        for (let win = 0; win < Number(values.windows); win += 1) {
        const from = readFileSync(out, 'utf8').length;
        const cpu0 = cpuSecondsOf(mock.pid);
        const threads0 = threadCpu(mock.pid);
        const sleeps0 = sleepsOf(mock.pid);
        // STRACE=1: the main thread's syscalls in the window, counted (strace slows the server: counts only).
        const tracer = process.env.STRACE ? track(spawn('strace', ['-c', '-p', String(mock.pid), '-o', `${out}.strace`], { stdio: 'ignore' })) : null;
        // PERF=<file>: the server's CPU samples in the window (perf record -e cpu-clock; start the mock with
        // --flags=--perf-basic-prof to name JS functions), for `perf report -i <file>.<mode>`.
        const perf = process.env.PERF ? track(spawn('perf', ['record', ...(process.env.PERF_G ? ['-g'] : []), '-e', 'cpu-clock', '-F', '4000', '-p', String(mock.pid), '-o', `${process.env.PERF}.${mode}`], { stdio: 'ignore' })) : null;
        const r = await hit({ url: mock.url, path: '/', headers: AUTH, connections: 50, setupClient, duration: Number(values.seconds) });
        if (perf) {
          const done = new Promise((resolve) => perf.once('exit', resolve));
          perf.kill('SIGINT');
          await done;
          console.log(`perf: ${process.env.PERF}.${mode}, ${r.total} requests`);
        }
        if (tracer) {
          const done = new Promise((resolve) => tracer.once('exit', resolve));
          tracer.kill('SIGINT');
          await done;
          const lines = readFileSync(`${out}.strace`, 'utf8').split('\n').filter((l) => /^\s*[\d.]+\s+[\d.]+\s+\d+\s+\d+/.test(l));
          console.log(lines.map((l) => l.trim().split(/\s+/)).map((f) => `${f.at(-1)} ${(Number(f[3]) / r.total).toFixed(2)}`).join(', '), '(syscalls a request)');
        }
        const cpu = ((cpuSecondsOf(mock.pid) - cpu0) * 1e6) / r.total;
        const by = gcs(out, from);
        const threads1 = threadCpu(mock.pid);
        const sleeps = (sleepsOf(mock.pid) - sleeps0) / r.total;
        const perThread = Object.entries(threads1).map(([k, v]) => [k, ((v - (threads0[k] ?? 0)) * 1e6) / r.total]).filter(([, v]) => v >= 0.5).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
        const deopts = by.deopts;
        delete by.deopts;
        const per = Object.entries(by).map(([k, v]) => `${k} ${((v.n * 1000) / r.total).toFixed(2)}/1k ${((v.ms * 1000) / r.total).toFixed(1)} µs/req`).join('; ');
        console.log(`${root.replace(/\/$/, '').split('/').at(-1).padEnd(18)} ${mode.padEnd(6)} w${win + 1} ${r.rps.toFixed(0).padStart(6)} req/s ${cpu.toFixed(0).padStart(4)} µs CPU/req  [${perThread}] sleeps/req ${sleeps.toFixed(2)}  ${per}  codes ${JSON.stringify(r.statusCodes)}  load ${load()}`);
        if (deopts && win === Number(values.windows) - 1) console.log(Object.entries(deopts).sort((x, y) => y[1] - x[1]).slice(0, 25).map(([k, v]) => `  ${String(v).padStart(5)} ${k}`).join('\n'));
        }
      } finally {
        await mock.stop();
      }
    }
  }
}
