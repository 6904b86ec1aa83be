// Issue 26's hot rows in one process, as the server runs them but without a socket: requests go to
// `app.fetch` as @hono/node-server hands them over (its light Request/Response, no undici), with
// `env.incoming` holding the raw headers (and, for writes, a real `IncomingMessage` carrying the
// body), so the middlewares take the server's own paths. Checkouts side by side (and `hono`: a bare
// Hono app answering the same bytes), rounds alternating, CPU µs per call from process.cpuUsage.
// Much steadier than bench/hot-inprocess.mjs, whose undici Request/Response are ~40 % of a call.
// The writes' figures include building the harness's IncomingMessage and Socket.
//   node --import tsx bench/hot-light-inprocess.ts /path/before,/path/after[,hono] [plan-detail,request-detail,request-list,request-patch,plan-write,widget-patch]
//   (widget-patch: the engine fixture's widget PATCH, on a second mock per checkout serving it)
//   (N=calls per round, default 20000)
import './lib/under-start-flags.mjs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
const PLAN_CYCLE = ['failed', 'manuel_refund_need'];
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { AUTH, REQUESTS, PLANS } from './lib/calls.mjs';
import { listQueries } from './lib/hot-rows.mjs';
getRequestListener(() => new Response('x'));
const roots = process.argv[2]!.split(',').map((r) => (r === 'hono' ? r : resolve(r)));
const rowsWanted = (process.argv[3] ?? 'plan-detail').split(',');
const N = Number(process.env.N ?? 20000);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const sides: any[] = [];
const incoming = { rawHeaders: ['Host', 'localhost:4010', 'Authorization', AUTH.Authorization, 'Connection', 'keep-alive'], headers: { host: 'localhost:4010' } };
const patchIncoming = { rawHeaders: [...incoming.rawHeaders, 'Content-Type', 'application/json'], headers: { host: 'localhost:4010' } };
for (const root of roots) {
  if (root === 'hono') { sides.push({ root }); continue; }
  const bm = await import(`${root}/src/build-mock.ts`);
  const cfg = await import(`${root}/src/config.ts`);
  const lg = await import(`${root}/src/logger.ts`);
  const mock = await bm.buildMock(cfg.loadConfig(['--seed', '1'], {}), { logger: lg.silentLogger });
  const app = mock.app;
  const get = async (p: string) => (await app.request(`http://localhost${p}`, { headers: AUTH })).json();
  const plans = (await get(`${PLANS}?limit=1000`)).results;
  const requests = (await get(`${REQUESTS}?limit=1000`)).results;
  const paths: Record<string, string[]> = {
    'plan-detail': plans.map((p: any) => `${PLANS}${p.pk}/`),
    'request-detail': requests.map((r: any) => `${REQUESTS}${r.id}/`),
    'request-list': listQueries(requests, ['status', 'cancellation_type']).map((q: string) => `${REQUESTS}?${q}`),
  };
  const reqs = Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, v.map((p) => new Request(`http://localhost:4010${p}`, { headers: AUTH }))]));
  // The widget PATCH needs the engine fixture: a second mock of this checkout serving it.
  let engineApp: any = null;
  let widgets: any[] = [];
  if (rowsWanted.includes('widget-patch')) {
    const fixture = resolve(import.meta.dirname, '../test/fixtures/engine/widgets.openapi.yaml');
    engineApp = (await bm.buildMock(cfg.loadConfig(['--seed', '1', '--spec', fixture], {}), { logger: lg.silentLogger })).app;
    widgets = (await (await engineApp.request('http://localhost/api/v1/widgets/?limit=1000', { headers: AUTH })).json()).results;
  }
  sides.push({ root, app, reqs, requests, engineApp, widgets, cycle: plans.filter((p: any) => PLAN_CYCLE.includes(p.status)).map((p: any) => p.pk) });
}
// Bare Hono answering the same bytes (captured from the first mock).
const first = sides.find((s) => s.app)!;
for (const s of sides) if (s.root === 'hono') {
  const bodies = new Map<string, string>();
  for (const [, list] of Object.entries(first.reqs) as any) for (const r of list) bodies.set(new URL(r.url).pathname + new URL(r.url).search, await (await first.app.fetch(r, { incoming })).text());
  const app = new Hono();
  app.get('*', (c) => c.body(bodies.get(c.req.path + (c.req.url.includes('?') ? c.req.url.slice(c.req.url.indexOf('?')) : ''))!, 200, { 'Content-Type': 'application/json' }));
  s.app = app; s.reqs = first.reqs;
}
let n = 0;
const run = (s: any, row: string, i: number) => {
  if (row === 'request-patch' || row === 'plan-write' || row === 'widget-patch') {
    const body = row === 'plan-write' ? JSON.stringify({ status: PLAN_CYCLE[n % 2] }) : row === 'widget-patch' ? JSON.stringify({ note: `bench note ${n}` }) : JSON.stringify({ description: `bench ${n}` });
    n++;
    const path = row === 'plan-write' ? `${PLANS}${s.cycle[(i * 7) % s.cycle.length]}/update_status/`
      : row === 'widget-patch' ? `/api/v1/widgets/${s.widgets[(i * 7) % s.widgets.length].pk}/` : `${REQUESTS}${s.requests[(i * 7) % s.requests.length].id}/`;
    const msg = new IncomingMessage(new Socket());
    msg.method = row === 'plan-write' ? 'POST' : 'PATCH'; msg.url = path;
    msg.rawHeaders = [...patchIncoming.rawHeaders, 'Content-Length', String(Buffer.byteLength(body))];
    msg.headers = { host: 'localhost:4010', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } as any;
    msg.push(Buffer.from(body)); msg.push(null);
    return (row === 'widget-patch' ? s.engineApp : s.app).fetch(new Request(`http://localhost:4010${path}`, { method: msg.method, headers: { ...AUTH, 'Content-Type': 'application/json' } }), { incoming: msg });
  }
  const list = s.reqs[row]; return s.app.fetch(list[i % list.length], { incoming });
};
for (const row of rowsWanted) {
  const per = sides.map(() => [] as number[]);
  for (const s of sides) for (let i = 0; i < N; i++) { const r = await run(s, row, i); if (r.status >= 300) throw new Error(`${row} ${r.status} ${await r.text()}`); }
  for (let round = 0; round < 6; round++) {
    const order = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
    for (const k of order) {
      const t = process.cpuUsage();
      for (let i = 0; i < N; i++) await run(sides[k], row, i + round);
      const d = process.cpuUsage(t);
      per[k]!.push((d.user + d.system) / N);
    }
  }
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
  console.log(`${row}: µs/call ${per.map((p) => med(p).toFixed(2)).join(' | ')}  (${roots.join(' | ')})  second ÷ first per round: ${(per[1] ?? per[0]!).map((v, i) => (v / per[0]![i]!).toFixed(2)).join(' ')}  load ${load()}`);
}
process.exit(0);
