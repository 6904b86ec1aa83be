// The app router's match alone (issue 26, thirteenth session, front-door): `fusedRouter` of each
// checkout given the mock's own routes, timed in alternating rounds on a request detail (1,000
// ids) and a list path, ns a match. No adapter, no handler: what the router costs a request.
//   node --import tsx bench/fused-router-match.ts /path/before,/path/after [rounds=6] [matches=300000]
// Each path is a fresh string cut from its URL, as Hono's `getPath` cuts it per request: a string
// literal asked again would carry its hash from the last lookup, which no request's path does
// (sixteenth session, front-cut).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { buildMock } from '../src/build-mock.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';

const roots = process.argv[2]!.split(',').map((r) => resolve(r));
const ROUNDS = Number(process.argv[3] ?? 6);
const N = Number(process.argv[4] ?? 300000);
const mock = await buildMock(loadConfig(['--seed', '1'], { LOG_LEVEL: 'silent' }), { logger: silentLogger });
// What Hono's base hands its router per route: the handler and the route it came from.
const routes = mock.app.routes.map((r) => [r.method, r.path, [r.handler, r]] as const);
const routers: Array<{ match(m: string, p: string): [unknown[]] }> = [];
for (const root of roots) {
  const { fusedRouter } = await import(`${root}/src/http/fused-router.ts`);
  const router = fusedRouter(() => new Response('{}'));
  for (const [m, p, h] of routes) router.add(m, p, h);
  routers.push(router);
}
const rows: Array<[string, string[]]> = [
  ['request detail', Array.from({ length: 1000 }, (_, i) => `/api/v1/cancellation_requests/${i + 1}/`)],
  ['request list', ['/api/v1/cancellation_requests/']],
];
const ORIGIN = 'http://localhost:4010';
const urls = rows.map(([, paths]) => paths.map((p) => `${ORIGIN}${p}`));
let sink = 0;
const per = rows.map(() => routers.map(() => [] as number[]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [...routers.keys()].reverse() : [...routers.keys()];
  for (const [j, [, paths]] of rows.entries()) {
    for (const k of order) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) sink += routers[k]!.match('GET', urls[j]![i % paths.length]!.slice(ORIGIN.length))[0].length;
      per[j]![k]!.push(Number(process.hrtime.bigint() - t) / N);
    }
  }
}
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
for (const [j, [name]] of rows.entries()) {
  console.log(`${name}: ns a match ${per[j]!.map((p) => med(p).toFixed(0)).join(' | ')} (${roots.map((r) => r.split('/').pop()).join(' | ')}), rounds ${per[j]!.map((p) => p.map((v) => v.toFixed(0)).join(' ')).join(' | ')}  load ${loadavg().map((v) => v.toFixed(1)).join(' ')}${sink > 0 ? '' : '!'}`);
}
process.exit(0);
