// Issue 26's three hot writes (request PATCH, plan update_status, widget PATCH) in one process,
// through @hono/node-server's own request listener — its light Request, the body read from a
// real `IncomingMessage`, the answer written by the adapter — with no socket: a stub socket under
// the message and a stub response that takes what the adapter writes. So the figure is the
// mock's JavaScript per write (adapter, middlewares, handler, domain, journal) without the kernel's
// share, which over HTTP is ~40 % of a write and the same for every server (bench/findings.md,
// ninth session, write-cost). CPU µs per write from process.cpuUsage; `--cpu-prof` of a one-root
// run ranks the frames.
//   node --import tsx bench/write-cost-inprocess.ts /path/before,/path/after [request-patch,plan-write,widget-patch]
//   (N=writes per round, default 20000; ROUNDS per process, default 3; ALTERNATIONS, default 4)
// With several roots each checkout runs in a process of its own, in alternating order (A B, B A, …):
// two checkouts in one process are not measured alike — the same checkout loaded twice measured
// 1.28 × slower as the second side (6 rounds, load 5; the second app's heap is the older, larger
// one), a bias as large as the changes being looked for.
import './lib/under-start-flags.mjs';
import { EventEmitter } from 'node:events';
import { IncomingMessage } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { AUTH, PLANS, REQUESTS } from './lib/calls.mjs';

const PLAN_CYCLE = ['failed', 'manuel_refund_need'];
const roots = process.argv[2]!.split(',').map((r) => resolve(r));
const rows = (process.argv[3] ?? 'request-patch,plan-write,widget-patch').split(',');
const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const fixture = resolve(import.meta.dirname, '../test/fixtures/engine/widgets.openapi.yaml');

/** What the adapter needs of a socket under an `IncomingMessage`. */
const socket = Object.assign(new EventEmitter(), { encrypted: false, remoteAddress: '127.0.0.1', remotePort: 50000, destroyed: false, readable: true, writable: true, destroySoon() {} });

/** What the adapter writes an answer to; `done` settles once it ends. */
class Outgoing extends EventEmitter {
  statusCode = 0;
  headersSent = false;
  writable = true;
  writableFinished = false;
  done: Promise<void>;
  #settle!: () => void;
  constructor() {
    super();
    this.done = new Promise((r) => (this.#settle = r));
  }
  writeHead(status: number): this {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }
  write(): boolean {
    return true;
  }
  end(): this {
    this.writableFinished = true;
    this.emit('finish');
    this.#settle();
    return this;
  }
  destroy(): void {}
}

if (roots.length > 1) {
  // One process per checkout and turn; each prints `<row>: µs a write <x>` for its rows.
  const alternations = Number(process.env.ALTERNATIONS ?? 4);
  const figures = new Map<string, number[][]>(rows.map((r) => [r, roots.map(() => [])]));
  for (let k = 0; k < alternations; k += 1) {
    const order = k % 2 === 0 ? [...roots.keys()] : [...roots.keys()].reverse();
    for (const i of order) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), roots[i]!, rows.join(',')], { encoding: 'utf8', env: process.env });
      for (const m of out.matchAll(/^([\w-]+): µs a write ([\d.]+)/gm)) figures.get(m[1]!)?.[i]!.push(Number(m[2]));
    }
    console.log(`alternation ${k + 1}/${alternations}: ${rows.map((r) => `${r} ${figures.get(r)!.map((f) => f.at(-1)!.toFixed(1)).join(' / ')}`).join('  ')}  load ${load()}`);
  }
  const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
  for (const row of rows) {
    const f = figures.get(row)!;
    const ratios = f.at(-1)!.map((v, k) => v / f[0]![k]!);
    console.log(`${row}: µs a write, median of ${alternations} ${f.map((x) => median(x).toFixed(1)).join(' | ')}  (${roots.join(' | ')})  last ÷ first per alternation: ${ratios.map((r) => r.toFixed(2)).join(' ')} (median ${median(ratios).toFixed(2)})  load ${load()}`);
  }
  process.exit(0);
}

const sides: any[] = [];
for (const root of roots) {
  const bm = await import(`${root}/src/build-mock.ts`);
  const cfg = await import(`${root}/src/config.ts`);
  const lg = await import(`${root}/src/logger.ts`);
  const build = async (args: string[]) => (await bm.buildMock(cfg.loadConfig(['--seed', '1', ...args], {}), { logger: lg.silentLogger })).app;
  const app = await build([]);
  const engine = rows.includes('widget-patch') ? await build(['--spec', fixture]) : null;
  const get = async (a: any, p: string) => (await a.request(`http://localhost${p}`, { headers: AUTH })).json();
  const plans = (await get(app, `${PLANS}?limit=1000`)).results;
  sides.push({
    root,
    listener: getRequestListener(app.fetch),
    engineListener: engine ? getRequestListener(engine.fetch) : null,
    requests: (await get(app, `${REQUESTS}?limit=1000`)).results.map((r: any) => r.id),
    cycle: plans.filter((p: any) => PLAN_CYCLE.includes(p.status)).map((p: any) => p.pk),
    // Each plan's status as the writes leave it: every update_status is a move (as in hotClients).
    planStatus: new Map(plans.filter((p: any) => PLAN_CYCLE.includes(p.status)).map((p: any) => [p.pk, p.status])),
    widgets: engine ? (await get(engine, '/api/v1/widgets/?limit=1000')).results.map((w: any) => w.pk) : [],
  });
}

let n = 0;
/** One write of `row` on `side`; answers its status. */
async function write(side: any, row: string, i: number): Promise<number> {
  n += 1;
  const plan = side.cycle[(i * 7) % side.cycle.length];
  const to = side.planStatus.get(plan) === PLAN_CYCLE[0] ? PLAN_CYCLE[1] : PLAN_CYCLE[0];
  if (row === 'plan-write') side.planStatus.set(plan, to);
  const [method, path, body, listener] =
    row === 'plan-write' ? ['POST', `${PLANS}${plan}/update_status/`, JSON.stringify({ status: to }), side.listener]
    : row === 'widget-patch' ? ['PATCH', `/api/v1/widgets/${side.widgets[(i * 7) % side.widgets.length]}/`, JSON.stringify({ note: `bench note ${n}` }), side.engineListener]
    : ['PATCH', `${REQUESTS}${side.requests[(i * 7) % side.requests.length]}/`, JSON.stringify({ description: `bench note ${n}` }), side.listener];
  const msg = new IncomingMessage(socket as any);
  msg.method = method;
  msg.url = path;
  const length = String(Buffer.byteLength(body));
  msg.rawHeaders = ['Host', 'localhost:4010', 'Authorization', AUTH.Authorization, 'Connection', 'keep-alive', 'Content-Type', 'application/json', 'Content-Length', length];
  msg.headers = { host: 'localhost:4010', authorization: AUTH.Authorization, connection: 'keep-alive', 'content-type': 'application/json', 'content-length': length };
  // As Node's parser leaves a message it has read whole (else its destroy counts it aborted).
  msg.complete = true;
  msg.push(Buffer.from(body));
  msg.push(null);
  const out = new Outgoing();
  await listener(msg, out);
  await out.done;
  return out.statusCode;
}

const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
for (const row of rows) {
  const per = sides.map(() => [] as number[]);
  // Warm-up: a fresh process's first writes cost several times their settled CPU.
  for (const s of sides) for (let i = 0; i < N; i++) { const st = await write(s, row, i); if (st !== 200) throw new Error(`${row} on ${s.root} answered ${st}`); }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
    for (const k of order) {
      const t = process.cpuUsage();
      for (let i = 0; i < N; i++) await write(sides[k], row, i + round);
      const d = process.cpuUsage(t);
      per[k]!.push((d.user + d.system) / N);
    }
  }
  console.log(`${row}: µs a write ${med(per[0]!).toFixed(2)}  (${roots[0]}, median of ${ROUNDS} rounds)  load ${load()}`);
}
process.exit(0);
