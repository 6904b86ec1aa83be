// The hot request list mixed with its write, in one process, with many requests in flight at once
// (bench/findings.md, fourteenth session, req-mix): each request goes through the mock's own
// listener (`appListener`: @hono/node-server's, a real `IncomingMessage` and `ServerResponse` on a
// socket that drops what is written), `--conc` of them started together and awaited together, as
// 50 keep-alive connections hand a server its requests (front-door-inprocess.ts sends one request
// at a time), so a mix's excess can be compared one at a time and many at once.
// Each mode runs in a child process of its own (a fresh mock), the modes in turns, `--rounds`
// times; CPU µs a request and the collector's work per 1,000 requests. Never part of `npm test`.
//   node --import tsx bench/mix-inprocess.ts [--root .] [--modes reads,patch,change,same,missing]
//                                            [--conc 50] [--rounds 3] [--n 30000]
// Modes: `reads` the hot list alone; `patch` the row's write alone (a new description); `change`
// nine lists and that write; `same` nine lists and a PATCH writing the description the request
// has (read, checked, answered, nothing written or journaled); `missing` nine lists and a PATCH
// of an id that does not exist (a 404 before its body is read).
import { spawnSync } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { AUTH, REQUESTS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';
import { START_FLAGS } from './lib/start-flags.mjs';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: '.' }, modes: { type: 'string', default: 'reads,patch,change,same,missing' },
    conc: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' }, n: { type: 'string', default: '30000' },
    child: { type: 'string' },
  },
});
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
/** A socket that takes whatever a response writes and drops it. */
class Sink extends Duplex {
  override _write(_c: unknown, _e: unknown, cb: () => void): void { cb(); }
  override _writev(_c: unknown, cb: () => void): void { cb(); }
  override _read(): void {}
}

type Result = { mode: string; us: number; scavenges: number; scavengeMs: number; fullMarks: number; fullMs: number };

if (values.child === undefined) {
  const modes = values.modes.split(',');
  const out = new Map<string, Result[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < Number(values.rounds); round += 1) {
    // Each round starts with another mode, so none always follows the same one.
    for (const k of modes.keys()) {
      const mode = modes[(k + round) % modes.length]!;
      const run = spawnSync(process.execPath, [...START_FLAGS, '--import', 'tsx', process.argv[1]!, '--child', mode, '--root', values.root, '--conc', values.conc, '--n', values.n], { encoding: 'utf8' });
      const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
      if (run.status !== 0 || !line) throw new Error(`${mode}: ${run.stderr.slice(-2000)}`);
      const r = JSON.parse(line) as Result;
      out.get(mode)!.push(r);
      console.log(`round ${round + 1} ${mode.padEnd(8)} ${r.us.toFixed(1).padStart(6)} µs/req | per 1,000: ${r.scavenges.toFixed(2)} scavenges ${r.scavengeMs.toFixed(1)} ms, full marks ${r.fullMarks.toFixed(2)} ${r.fullMs.toFixed(1)} ms  load ${load()}`);
    }
  }
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
  console.log(`\nmedians, ${values.conc} in flight:`);
  for (const [mode, rs] of out) console.log(`${mode.padEnd(8)} ${med(rs.map((r) => r.us)).toFixed(1).padStart(6)} µs/req  (${rs.map((r) => r.us.toFixed(1)).join(' ')})`);
  const m = (mode: string) => (out.has(mode) ? med(out.get(mode)!.map((r) => r.us)) : NaN);
  if (out.has('reads') && out.has('patch') && out.has('change')) {
    const blend = 0.9 * m('reads') + 0.1 * m('patch');
    console.log(`change ÷ (0.9 reads + 0.1 patch) = ${(m('change') / blend).toFixed(3)}  (excess ${(m('change') - blend).toFixed(1)} µs/req)  load ${load()}`);
  }
} else {
  console.log(JSON.stringify(await child(values.child, resolve(values.root), Number(values.conc), Number(values.n))));
  process.exit(0);
}

/** One mode on a fresh mock: `n` requests to warm it, then `n` measured. */
async function child(mode: string, root: string, conc: number, n: number): Promise<Result> {
  const bm = await import(`${root}/src/build-mock.ts`);
  const cfg = await import(`${root}/src/config.ts`);
  const lg = await import(`${root}/src/logger.ts`);
  const serve = await import(`${root}/src/http/serve-app.ts`);
  const mock = await bm.buildMock(cfg.loadConfig(['--seed', '1'], { LOG_LEVEL: 'silent' }), { logger: lg.silentLogger });
  const app = mock.app as { request: (u: string, i?: RequestInit) => Promise<Response>; fetch: (r: Request, e: unknown) => Response | Promise<Response> };
  const all = ((await (await app.request(`http://localhost${REQUESTS}?limit=1000`, { headers: AUTH })).json()) as { results: Array<{ id: number; description: string }> }).results;
  const lists: string[] = listQueries(all, ['status', 'cancellation_type']).map((q: string) => `${REQUESTS}?${q}`);
  const described = new Map(all.map((r) => [r.id, r.description]));
  const listener = serve.appListener({ fetch: (r: Request, e: unknown) => app.fetch(r, e) }) as (i: IncomingMessage, o: ServerResponse) => Promise<unknown>;
  // One socket a request in flight: a response takes its socket until it is done.
  const sinks = Array.from({ length: conc }, () => new Sink());
  const raw = ['Host', 'localhost:4010', 'Authorization', AUTH.Authorization, 'Connection', 'keep-alive'];
  let sent = 0;
  const send = async (slot: number, method: string, path: string, body: string | undefined, expect: number): Promise<void> => {
    // A server meets requests in tasks of their own: let the loop turn now and then.
    if (++sent % 50 === 0) await new Promise<void>((r) => setImmediate(r));
    const incoming = new IncomingMessage(sinks[slot] as never);
    incoming.method = method;
    incoming.url = path;
    incoming.httpVersionMajor = 1;
    incoming.httpVersionMinor = 1;
    incoming.httpVersion = '1.1';
    incoming.rawHeaders = raw;
    incoming.headers = { host: 'localhost:4010', authorization: AUTH.Authorization, connection: 'keep-alive' };
    if (body !== undefined) {
      incoming.rawHeaders = [...raw, 'Content-Type', 'application/json', 'Content-Length', String(body.length)];
      incoming.headers = { ...incoming.headers, 'content-type': 'application/json', 'content-length': String(body.length) };
      incoming.push(body);
      incoming.push(null);
    }
    incoming.complete = true;
    const outgoing = new ServerResponse(incoming);
    outgoing.assignSocket(sinks[slot] as never);
    await listener(incoming, outgoing);
    outgoing.detachSocket(sinks[slot] as never);
    if (outgoing.statusCode !== expect) throw new Error(`${method} ${path}: ${outgoing.statusCode}`);
  };
  let writes = 0;
  const step = (i: number, slot: number): Promise<void> => {
    const tenth = i % 10 === 9;
    if (mode === 'missing' && tenth) return send(slot, 'PATCH', `${REQUESTS}${900000 + i}/`, '{"description":"x"}', 404);
    if (mode === 'patch' || (tenth && (mode === 'change' || mode === 'same'))) {
      const r = all[writes++ % all.length]!;
      const description = mode === 'same' ? described.get(r.id)! : `bench note ${writes}`;
      described.set(r.id, description);
      return send(slot, 'PATCH', `${REQUESTS}${r.id}/`, JSON.stringify({ description }), 200);
    }
    return send(slot, 'GET', lists[(i * 7) % lists.length]!, undefined, 200);
  };
  const run = async (): Promise<void> => {
    for (let i = 0; i < n; i += conc) {
      const batch: Promise<void>[] = [];
      for (let k = 0; k < conc; k += 1) batch.push(step(i + k, k));
      await Promise.all(batch);
    }
  };
  await run();
  const gc = { scavenges: 0, scavengeMs: 0, fullMarks: 0, fullMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) { gc.scavenges += 1; gc.scavengeMs += e.duration; }
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) { gc.fullMarks += 1; gc.fullMs += e.duration; }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const t = process.cpuUsage();
  await run();
  const d = process.cpuUsage(t);
  await new Promise((r) => setTimeout(r, 20));
  observer.disconnect();
  const per = 1000 / n;
  return { mode, us: (d.user + d.system) / n, scavenges: gc.scavenges * per, scavengeMs: gc.scavengeMs * per, fullMarks: gc.fullMarks * per, fullMs: gc.fullMs * per };
}
