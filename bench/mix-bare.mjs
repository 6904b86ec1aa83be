// Does mixing a second kind of request into GETs cost more than its parts on a server with no mock
// code? (bench/findings.md, fifteenth session, mix-ic.) Bare node:http, bare Hono on the mock's
// adapter (bench/mix-bare-server.mjs) and the mock itself (request list reads), each taking
// `reads` (GETs alone), `mix` (nine GETs, then a PATCH with a small JSON body answered 404 before
// the body is read) and `only` (that PATCH alone); one server per kind and mode, all up at once,
// measured in turns. Prints server CPU µs a request by round and the mix's excess over
// 0.9 × reads + 0.1 × only. Never part of `npm test`.
//   node bench/mix-bare.mjs [--kinds node,hono,mock] [--modes reads,mix,only] [--rounds 5] [--seconds 3] [--warmup 4]
//                           [--roots A,B]   (mock kinds from each checkout, named mock@A)
// PERFSTAT=1: also the kernel's work a request, counted (not timed) by `perf stat` on the server
// during each round: system calls, context switches, wakeups the server issues, softirqs run in
// its context (loopback TCP delivers each segment there), and the 404s' drain timers.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listQueries } from './lib/hot-rows.mjs';
import { getJson, REQUESTS } from './lib/calls.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hit, median } from './lib/load.mjs';
import { freePort, ROOT, startMock, startServer } from './lib/servers.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';
import { missingId, mixClients, mockServeArgs } from './lib/mix-clients.mjs';

const { values } = parseArgs({
  options: {
    kinds: { type: 'string', default: 'node,hono,mock' },
    modes: { type: 'string', default: 'reads,mix,only' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '4' },
    roots: { type: 'string', default: ROOT },
  },
});
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
const kinds = values.kinds
  .split(',')
  .flatMap((k) => (k === 'mock' ? values.roots.split(',').map((r) => `mock@${r}`) : [k]));
const modes = values.modes.split(',');

let paths = ['/api/v1/cancellation_requests/?limit=10'];
if (kinds.some((k) => k.startsWith('mock'))) {
  const a = await startMock({ size: 1000 });
  // The request list row's paths, as bench/lib/hot-rows.mjs makes them.
  const all = await getJson(a.url, `${REQUESTS}?limit=1000`).finally(() => a.stop());
  paths = listQueries(all.json.results, ['status', 'cancellation_type']).map(
    (q) => `${REQUESTS}?${q}`,
  );
}

/** The process's user and kernel CPU seconds, and its main thread's voluntary context switches (sleeps in epoll_wait). */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  return {
    user: Number(f[11]) / 100,
    sys: Number(f[12]) / 100,
    sleeps: Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)[1]),
  };
}

function clients(mode) {
  return mixClients({ paths, tenthPath: missingId(REQUESTS), mode });
}

async function start(kind) {
  if (kind.startsWith('mock@')) {
    const port = await freePort();
    const root = kind.slice(5);
    const args = [
      ...START_FLAGS,
      ...mockServeArgs(root, port),
    ];
    return startServer({
      name: kind,
      args,
      port,
      ready: async (url) => (await fetch(`${url}/__mock/health`)).ok,
      timeoutMs: 300_000,
    });
  }
  const port = await freePort();
  return startServer({
    name: kind,
    args: [
      ...START_FLAGS,
      join(ROOT, 'bench/mix-bare-server.mjs'),
      '--port',
      String(port),
      '--kind',
      kind,
    ],
    port,
    ready: async (url) => (await fetch(`${url}/`)).ok,
  });
}

const EVENTS = [
  'raw_syscalls:sys_enter',
  ...[
    'read',
    'writev',
    'write',
    'futex',
    'epoll_pwait',
    'epoll_ctl',
    'getpid',
    'mprotect',
    'madvise',
  ].map((c) => `syscalls:sys_enter_${c}`),
  'sched:sched_switch',
  'sched:sched_wakeup',
  'irq:softirq_entry',
  'timer:hrtimer_start',
];
/** `perf stat` of `pid` for `seconds`: the count of each of EVENTS. */
function perfStat(pid, seconds) {
  const child = spawn(
    'perf',
    ['stat', '-x', ',', '-e', EVENTS.join(','), '-p', String(pid), '--', 'sleep', String(seconds)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) =>
    child.on('exit', () =>
      resolve(
        Object.fromEntries(
          err
            .split('\n')
            .map((l) => l.split(','))
            .filter((f) => EVENTS.includes(f[2]))
            .map((f) => [f[2], Number(f[0])]),
        ),
      ),
    ),
  );
}

const sides = [];
try {
  for (const kind of kinds)
    for (const mode of modes)
      sides.push({
        kind,
        mode,
        server: await start(kind),
        us: [],
        sys: [],
        sleeps: [],
        counts: [],
      });
  for (const s of sides)
    await hit({
      url: s.server.url,
      connections: 50,
      setupClient: clients(s.mode),
      duration: Number(values.warmup),
    });
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const k of sides.keys()) {
      const s = sides[(k + round) % sides.length];
      const u0 = usage(s.server.pid);
      const stat = process.env.PERFSTAT
        ? perfStat(s.server.pid, Number(values.seconds) - 0.5)
        : null;
      const r = await hit({
        url: s.server.url,
        connections: 50,
        setupClient: clients(s.mode),
        duration: Number(values.seconds),
      });
      const u1 = usage(s.server.pid);
      // perf counts for seconds − 0.5 of the round: per request at the round's mean rate.
      if (stat)
        s.counts.push(
          Object.fromEntries(
            Object.entries(await stat).map(([k, v]) => [
              k,
              v / (r.rps * (Number(values.seconds) - 0.5)),
            ]),
          ),
        );
      s.us.push(((u1.user + u1.sys - u0.user - u0.sys) * 1e6) / r.total);
      s.sys.push(((u1.sys - u0.sys) * 1e6) / r.total);
      s.sleeps.push(((u1.sleeps - u0.sleeps) * 1000) / r.total);
    }
    const line = sides
      .map(
        (s) =>
          `${s.kind.replace(/^mock@.*\/(.+?)\/?$/, 'mock@$1')} ${s.mode} ${s.us.at(-1).toFixed(1)}`,
      )
      .join(' | ');
    console.log(`round ${round + 1}: ${line}  load ${load()}`);
  }
  console.log(
    '\nmedians, server CPU µs a request (excess = mix − (0.9 reads + 0.1 only), by round, then median):',
  );
  for (const kind of kinds) {
    const of = (mode) => sides.find((s) => s.kind === kind && s.mode === mode);
    const [r, m, o] = [of('reads'), of('mix'), of('only')];
    const med = (s) => (s ? median(s.us).toFixed(1) : '-');
    let excess = '';
    if (r && m && o) {
      const per = m.us.map((x, i) => x - (0.9 * r.us[i] + 0.1 * o.us[i]));
      excess = `excess ${per.map((x) => x.toFixed(1)).join(' ')} (median ${median(per).toFixed(1)})`;
    }
    console.log(`${kind.padEnd(30)} reads ${med(r)}  mix ${med(m)}  only ${med(o)}  ${excess}`);
    const of2 = (s, k) => (s ? median(s[k]).toFixed(1) : '-');
    if (r?.counts.length) {
      const c = (side, k) => (side ? median(side.counts.map((x) => x[k])).toFixed(2) : '-');
      for (const k of EVENTS)
        console.log(
          `${''.padEnd(30)} ${k.padEnd(24)} a request: reads ${c(r, k)} mix ${c(m, k)} only ${c(o, k)}`,
        );
    }
    console.log(
      `${''.padEnd(30)} of it kernel: reads ${of2(r, 'sys')} mix ${of2(m, 'sys')} only ${of2(o, 'sys')} µs | main-thread sleeps a 1,000 requests: reads ${of2(r, 'sleeps')} mix ${of2(m, 'sleeps')} only ${of2(o, 'sleeps')}`,
    );
  }
  console.log(`load ${load()}`);
} finally {
  await Promise.all(sides.map((s) => s.server.stop()));
}
