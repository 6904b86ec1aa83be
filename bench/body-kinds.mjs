// What the kind of an answer's body costs over a real socket (issue 26, fifteenth session): bare
// Hono on the mock's adapter (`@hono/node-server`), one server process a kind, all up at once and
// measured in turns (50 connections, autocannon), each answering the very same engine list pages
// (`GET /api/v1/widgets/?limit=10&page=P&ordering=O`, the bytes the mock answers) as:
//   string   c.body(text)                            the ceiling's way (bench/ceiling-server.mjs)
//   buffer   c.body(Buffer) kept per page
//   u8       c.body(Uint8Array) kept per page, its own ArrayBuffer
//   slab     the page's kept bytes copied per request into a shared 256 KiB slab, c.body(view)
//            (what src/common/utf8-writer.ts hands the mock's handler)
//   copy     the page's kept bytes copied per request into a fresh Uint8Array
//   serveapp the string ceiling served by the mock's own `serveApp` (src/http/serve-app.ts: its
//            server options, listener wrapper and listeners), to tell the server's share apart
//   mock=ROOT|--flag  the same with node flags of its own (after npm start's)
//   KIND@nostart  any of the above without npm start's node flags (`--max-semi-space-size=4`), as
//            bench/ceiling-server.mjs's hot ceilings are started; every other server here has them
//   mock=ROOT   the mock itself from checkout ROOT (`npm start`'s flags, engine fixture, widgets
//            filled to 1,000), answering its own pages (links name its own port: same lengths)
// Prints each round's server CPU µs a request (from /proc), the median per kind and the load.
// Never part of `npm test`.
//   node bench/body-kinds.mjs [--kinds string,slab,…] [--rounds 6] [--seconds 3] [--warmup 4] [--pages FILE]
//   PERF=FILE (with --flags=--perf-basic-prof; PERF_G=1 call graphs): perf samples of each server over one
//   extra round, to FILE.0, FILE.1, …
//   --flags="--x --y": node flags for every server.
//   --pin: servers on CPU 1, the client on CPU 0 (taskset).
//   --rate R: R requests a second in all (none saturated) instead of as many as each answers.
//   STRACE=1: counts each server's syscalls over one extra round (strace -c -f).
// --row request-list: the request list's hot row (`status` + `cancellation_type`, 10 a page) instead
// of the engine list's pages, for every kind (the mock answers them from the same seed).
// --pages FILE: a JSON object {path: text}; without it the pages are taken from a fresh mock
// (engine fixture, widgets filled to 1,000 as bench/lib/hot-rows.mjs does).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    serve: { type: 'string' }, port: { type: 'string' }, pages: { type: 'string' }, kinds: { type: 'string', default: 'string,buffer,u8,slab,copy' },
    rounds: { type: 'string', default: '6' }, row: { type: 'string', default: 'engine-list' }, rate: { type: 'string' }, pin: { type: 'boolean' }, flags: { type: 'string', default: '' }, seconds: { type: 'string', default: '3' }, warmup: { type: 'string', default: '4' },
  },
});

if (values.serve) await serve(values.serve, Number(values.port), values.pages);
else await main();

async function serve(kind, port, pagesFile) {
  let listen = (await import('@hono/node-server')).serve;
  if (kind === 'serveapp') {
    const { serveApp } = await bundledServeApp();
    listen = ({ fetch, hostname, port: p }) => serveApp({ fetch, hostname, port: p });
  }
  const { Hono } = await import('hono');
  const texts = new Map(Object.entries(JSON.parse(readFileSync(pagesFile, 'utf8'))));
  const utf8 = new TextEncoder();
  const kept = new Map([...texts].map(([k, v]) => [k, kind === 'buffer' ? Buffer.from(v) : utf8.encode(v)]));
  let slab = new Uint8Array(256 * 1024);
  let at = 0;
  const toSlab = (bytes) => {
    if (at + bytes.byteLength > slab.byteLength) {
      slab = new Uint8Array(256 * 1024);
      at = 0;
    }
    slab.set(bytes, at);
    const view = slab.subarray(at, at + bytes.byteLength);
    at += bytes.byteLength;
    return view;
  };
  const body = {
    string: (p) => texts.get(p),
    buffer: (p) => kept.get(p),
    u8: (p) => kept.get(p),
    slab: (p) => toSlab(kept.get(p)),
    copy: (p) => new Uint8Array(kept.get(p)),
    serveapp: (p) => texts.get(p),
  }[kind];
  if (!body) throw new Error(`unknown kind ${kind}`);
  const app = new Hono({ strict: true });
  const pathOf = (url) => url.slice(url.indexOf('/', 8));
  app.get('/__ready', (c) => c.text('ok'));
  app.get('*', (c) => {
    const p = pathOf(c.req.url);
    return texts.has(p) ? c.body(body(p), 200, { 'Content-Type': 'application/json' }) : c.notFound();
  });
  listen({ fetch: app.fetch, hostname: '127.0.0.1', port });
}

/**
 * `src/http/serve-app.ts` bundled by esbuild as bin/omnitron-mock.js bundles it (no `keepNames`,
 * packages left as imports), not loaded through tsx: under tsx the `serveapp` server ran a loader
 * and `__name` wrappers the `string` server beside it never paid (before the eighteenth session
 * its child was started with `--import tsx`), so the two differed by more than `serveApp`.
 */
async function bundledServeApp() {
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const root = new URL('..', import.meta.url).pathname;
  const esbuild = createRequire(createRequire(`${root}package.json`).resolve('tsx'))('esbuild');
  // Inside the checkout, so that the bundle's imports resolve from its node_modules.
  const dir = join(root, 'node_modules/.cache/body-kinds');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `serve-app-${process.pid}.mjs`);
  await esbuild.build({ entryPoints: [join(root, 'src/http/serve-app.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
  await esbuild.stop?.();
  return import(pathToFileURL(out).href);
}

/** CPU seconds of `pid`: its main thread's user and kernel time, and every other thread's (from /proc). */
function times(pid) {
  const read = (path) => {
    const stat = readFileSync(path, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(f[11]) / 100, Number(f[12]) / 100];
  };
  const [mu, ms] = read(`/proc/${pid}/task/${pid}/stat`);
  const [u, k] = read(`/proc/${pid}/stat`);
  // The main thread's context switches, voluntary (it waited) and not (it was preempted), as seconds × 1e-6 so
  // that the caller's µs-a-request scaling prints them as switches a request.
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  const count = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN) / 1e6;
  return [mu, ms, u + k - mu - ms, count('voluntary_ctxt_switches'), count('nonvoluntary_ctxt_switches')];
}

async function main() {
  const { hit, cpuSecondsOf, median } = await import('./lib/load.mjs');
  const { freePort, startMock, ROOT } = await import('./lib/servers.mjs');
  const { fillWidgets, AUTH } = await import('./lib/hot-rows.mjs').then((m) => ({ ...m, AUTH: { Authorization: 'Token omnitron-mock-token' } }));
  const { START_FLAGS } = await import('./lib/start-flags.mjs');
  let pagesFile = values.pages;
  if (!pagesFile) {
    const tmp = mkdtempSync(join(tmpdir(), 'body-kinds-'));
    const fixture = join(ROOT, 'test/fixtures/engine/widgets.openapi.yaml');
    const mock = await startMock({ size: 1000, specs: [fixture] });
    const pages = {};
    try {
      await fillWidgets(mock.url);
      const wanted = [];
      if (values.row === 'request-list') {
        // The request list's hot row (bench/lib/hot-rows.mjs): `status` + `cancellation_type`, 10 a page.
        const { listQueries } = await import('./lib/hot-rows.mjs');
        const all = (await (await fetch(`${mock.url}/api/v1/cancellation_requests/?limit=1000`, { headers: AUTH })).json()).results;
        for (const q of listQueries(all, ['status', 'cancellation_type'])) wanted.push(`/api/v1/cancellation_requests/?${q}`);
      } else {
        for (const o of ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date']) {
          for (let p = 1; p <= 100; p += 1) wanted.push(`/api/v1/widgets/?limit=10&page=${p}&ordering=${o}`);
        }
      }
      for (const path of wanted) {
        const r = await fetch(mock.url + path, { headers: AUTH });
        if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
        pages[path] = await r.text();
      }
    } finally {
      await mock.stop();
    }
    pagesFile = join(tmp, 'pages.json');
    writeFileSync(pagesFile, JSON.stringify(pages));
    console.log(`pages: ${pagesFile}`);
  }
  const paths = Object.keys(JSON.parse(readFileSync(pagesFile, 'utf8')));
  const kinds = values.kinds.split(',');
  const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
  const servers = [];
  const extra = values.flags.split(/\s+/).filter(Boolean);
  // --pin: every server on CPU 1 and this process (the client) on CPU 0, so that the client's
  // wake-ups never take a server's core from it mid-run (other processes on the box still may).
  if (values.pin) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const spawnNode = (args, options) => (values.pin ? spawn('taskset', ['-c', '1', process.execPath, ...args], options) : spawn(process.execPath, args, options));
  try {
    for (const kind of kinds) {
      if (kind.startsWith('mock=')) {
        // mock=ROOT|--flag|--flag: that mock with node flags of its own after npm start's (a later
        // V8 flag wins: `|--max-semi-space-size=16` replaces the start flag's 4).
        const [root, ...own] = kind.slice(5).split('|');
        const port = await freePort();
        const args = [...START_FLAGS, ...extra, ...own, join(root, 'bin/omnitron-mock.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--size', '1000', '--seed', '1', '--spec', join(ROOT, 'test/fixtures/engine/widgets.openapi.yaml')];
        const child = spawnNode(args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] });
        const url = `http://127.0.0.1:${port}`;
        for (let i = 0; !(await fetch(`${url}/__mock/health`).then((r) => r.ok, () => false)); i += 1) {
          if (i > 600) throw new Error(`${kind} did not start`);
          await new Promise((r) => setTimeout(r, 200));
        }
        await fillWidgets(url);
        servers.push({ kind, child, url, cpu: [], mock: true });
        continue;
      }
      const port = await freePort();
      // KIND@nostart: without npm start's node flags, as bench/ceiling-server.mjs's hot ceilings run.
      const bare = kind.endsWith('@nostart');
      const child = spawnNode([...(bare ? [] : START_FLAGS), ...extra, new URL(import.meta.url).pathname, '--serve', kind.replace(/@nostart$/, ''), '--port', String(port), '--pages', pagesFile], { stdio: ['ignore', 'inherit', 'inherit'] });
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i += 1) {
        try {
          if ((await fetch(`${url}/__ready`)).ok) break;
        } catch {
          if (i > 100) throw new Error(`${kind} did not start`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      servers.push({ kind, child, url, cpu: [] });
    }
    let cursor = 0;
    const setupClient = (client) => {
      client.setRequests(Array.from({ length: 10 }, () => ({ method: 'GET', headers: AUTH, setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }) })));
    };
    // --rate R: R requests a second over the 50 connections (autocannon's overallRate), below what
    // any server here answers at most, so that none is saturated: CPU a request without the
    // preemptions a server that cannot keep up with its client takes.
    const { default: autocannon } = await import('autocannon');
    const run = values.rate
      ? async (s, duration) => {
          const r = await autocannon({ url: s.url, connections: 50, setupClient, duration, overallRate: Number(values.rate), pipelining: 1 });
          return { total: r.requests.total, rps: r.requests.total / r.duration };
        }
      : (s, duration) => hit({ url: s.url, path: '/', connections: 50, setupClient, duration });
    for (const s of servers) {
      const check = await fetch(s.url + paths[0], { headers: AUTH });
      const text = await check.text();
      const want = JSON.parse(readFileSync(pagesFile, 'utf8'))[paths[0]];
      const same = s.mock ? text.length === want.length : text === want;
      if (!same || check.headers.get('content-length') !== String(Buffer.byteLength(text))) throw new Error(`${s.kind} answers other bytes`);
      await run(s, Number(values.warmup));
    }
    for (let round = 0; round < Number(values.rounds); round += 1) {
      for (const k of servers.keys()) {
        const s = servers[(k + round) % servers.length];
        const cpu0 = cpuSecondsOf(s.child.pid);
        const t0 = times(s.child.pid);
        const r = await run(s, Number(values.seconds));
        s.cpu.push(((cpuSecondsOf(s.child.pid) - cpu0) * 1e6) / r.total);
        const t1 = times(s.child.pid);
        (s.split ??= []).push(t1.map((v, i) => ((v - t0[i]) * 1e6) / r.total));
      }
      console.log(`round ${round + 1}: ${servers.map((s) => `${s.kind} ${s.cpu.at(-1).toFixed(1)}`).join('  ')}  µs CPU/req  load ${load()}`);
    }
    console.log(`main thread user / kernel, other threads, µs a request (medians): ${servers.map((s) => `${s.kind} ${[0, 1, 2].map((i) => median(s.split.map((x) => x[i])).toFixed(1)).join(' / ')}`).join('  ')}`);
    console.log(`main thread context switches a request, voluntary / preempted (medians): ${servers.map((s) => `${s.kind} ${[3, 4].map((i) => median(s.split.map((x) => x[i])).toFixed(3)).join(' / ')}`).join('  ')}`);
    console.log(`medians: ${servers.map((s) => `${s.kind} ${median(s.cpu).toFixed(1)}`).join('  ')}  µs CPU/req  load ${load()}`);
    const base = servers[0];
    for (const s of servers.slice(1)) {
      const ratios = s.cpu.map((c, i) => c / base.cpu[i]);
      console.log(`${s.kind} ÷ ${base.kind}: median ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(' ')})`);
    }
    if (process.env.PERF) {
      for (const [i, s] of servers.entries()) {
        const out = `${process.env.PERF}.${i}`;
        const tracer = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '4000', ...(process.env.PERF_G ? ['-g'] : []), '-o', out, '-p', String(s.child.pid)], { stdio: ['ignore', 'ignore', 'inherit'] });
        await new Promise((r) => setTimeout(r, 500));
        const r = await run(s, Number(values.seconds));
        tracer.kill('SIGINT');
        await new Promise((r) => tracer.on('close', r));
        console.log(`${s.kind}: perf samples in ${out} over ${r.total} requests`);
      }
    }
    if (process.env.STRACE) {
      for (const s of servers) {
        const tracer = spawn('strace', ['-c', '-f', '-p', String(s.child.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let out = '';
        tracer.stderr.on('data', (d) => (out += d));
        await new Promise((r) => setTimeout(r, 500));
        const r = await run(s, Number(values.seconds));
        tracer.kill('SIGINT');
        await new Promise((r) => tracer.on('close', r));
        const rows = out.split('\n').filter((l) => /^\s*[\d.]+\s+[\d.]+\s+\d+\s+\d+/.test(l)).map((l) => l.trim().split(/\s+/));
        console.log(`${s.kind} syscalls a request (${r.total} requests): ${rows.map((f) => `${f.at(-1)} ${(Number(f[3]) / r.total).toFixed(2)}`).join(', ')}`);
      }
    }
  } finally {
    for (const s of servers) s.child.kill();
  }
}
