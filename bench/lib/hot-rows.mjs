// The hot reads of issue 26: plan detail, plan list (status + plan_type), request detail, request
// list (status + cancellation_type), the engine's retrieve and ten-item list. Each row cycles
// through ≥ 1,000 distinct ids or filter values (where the default size has that many) and sends
// one write in ten, so a cache of whole answers cannot pass for speed. The ceilings
// (bench/ceiling-server.mjs, Hono and plain node:http) answer the very bytes the mock answered for
// each of those paths, captured from a fresh mock at the start of the run.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { AUTH, CYCLE, getJson, otherCycleStatus, PLANS, REQUESTS } from './calls.mjs';
import { freePort, ROOT, startServer } from './servers.mjs';

const WIDGETS = '/api/v1/widgets/';
const WIDGET_TARGET = 1000;
/** Distinct paths each row cycles through (at most; fewer only where the size has fewer ids). */
const DISTINCT = 1000;
/** One request in this many is a write. */
const WRITE_EVERY = 10;
const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };

/** The rows, in table order; `server` is the mock that answers them (the engine needs its fixture). */
export const HOT_ROWS = [
  { id: 'plan-detail', server: 'mock', label: 'plan detail' },
  { id: 'plan-list', server: 'mock', label: 'plan list, `status` + `plan_type` (+ `created_date__lte`), limit=10' },
  { id: 'request-detail', server: 'mock', label: 'request detail' },
  { id: 'request-list', server: 'mock', label: 'request list, `status` + `cancellation_type` (+ `created_date__lte`), limit=10' },
  { id: 'engine-detail', server: 'mock-engine', label: 'engine retrieve (widget)' },
  { id: 'engine-list', server: 'mock-engine', label: 'engine list, limit=10 (page × ordering)' },
];

/** `n` items spread evenly over `all` (all of them when there are fewer). */
function spread(all, n) {
  if (all.length <= n) return all;
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]);
}

/**
 * Filter values for a "two equalities, ten rows" list: for each pair of values with enough rows,
 * `created_date__lte` at every row's date that leaves at least ten matches — a different page of
 * ten for each value, all answered by the same two filters plus a range.
 */
export function listQueries(rows, [fa, fb]) {
  const pairs = new Map();
  for (const r of rows) {
    const key = `${r[fa]}\u0000${r[fb]}`;
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(r.created_date);
  }
  const dates = [...new Set(rows.map((r) => r.created_date))].sort();
  const out = [];
  for (const [key, mine] of [...pairs].sort((a, b) => b[1].length - a[1].length)) {
    if (mine.length < 20) continue;
    const [a, b] = key.split('\u0000');
    const sorted = mine.slice().sort();
    for (const d of dates) {
      if (d < sorted[9]) continue;
      out.push(`${fa}=${encodeURIComponent(a)}&${fb}=${encodeURIComponent(b)}&created_date__lte=${encodeURIComponent(d)}&limit=10`);
    }
  }
  return spread(out, DISTINCT);
}

async function allOf(url, path) {
  const page = await getJson(url, `${path}?limit=1000`);
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  return page.json.results;
}

/** Keep-alive sockets of this module's own, apart from the process's global `fetch` pool. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One write over `node:http`, not `fetch`: in a process that has just run autocannon, undici's
 * `fetch` with a body was seen to announce a request (`undici:client:sendHeaders`) and then send
 * no byte of it, on a kept-alive socket and on fresh ones alike, so the server (which saw the
 * connection and nothing on it) answered 408 after its 10 s `headersTimeout`, every time — the
 * engine rows' missing figures (bench/findings.md, issue 26, fifth session).
 */
function send(url, method, path, body) {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method, agent, headers: { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(text) } }, (res) => {
      let out = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (out += d));
      res.on('end', () => resolve({ status: res.statusCode, text: out }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(text);
  });
}

/** Widgets up to WIDGET_TARGET (the engine seeds 50 at the default size): created the same way each round. */
export async function fillWidgets(url) {
  const have = await allOf(url, WIDGETS);
  const model = have[0];
  for (let i = have.length; i < WIDGET_TARGET; i += 1) {
    const { pk, uuid, created_date, modified_date, ...fields } = model;
    const r = await send(url, 'POST', WIDGETS, { ...fields, name: `Bench widget ${i + 1}` });
    if (r.status !== 201) throw new Error(`creating widgets answered ${r.status}: ${r.text.slice(0, 200)}`);
  }
}

/**
 * Discovers each row's paths and write on a fresh mock (and an engine mock), captures every
 * path's bytes, and writes them to `tmp` for the ceilings. Returns { rows, bodiesFile, facts }.
 */
export async function discoverHot(mockUrl, engineUrl, tmp) {
  const plans = await allOf(mockUrl, PLANS);
  const requests = await allOf(mockUrl, REQUESTS);
  const cycle = plans.filter((p) => CYCLE.includes(p.status)).map((p) => p.pk);
  await fillWidgets(engineUrl);
  const widgets = await allOf(engineUrl, WIDGETS);
  const orderings = ['pk', '-pk', 'priority', '-priority', 'name', '-name', 'created_date', '-created_date', 'modified_date', '-modified_date'];
  const widgetPages = Math.ceil(widgets.length / 10);
  const engineList = orderings.flatMap((o) => Array.from({ length: widgetPages }, (_, p) => `${WIDGETS}?limit=10&page=${p + 1}&ordering=${o}`));
  const paths = {
    'plan-detail': spread(plans.map((p) => `${PLANS}${p.pk}/`), DISTINCT),
    'plan-list': listQueries(plans, ['status', 'plan_type']).map((q) => `${PLANS}?${q}`),
    'request-detail': spread(requests.map((r) => `${REQUESTS}${r.id}/`), DISTINCT),
    'request-list': listQueries(requests, ['status', 'cancellation_type']).map((q) => `${REQUESTS}?${q}`),
    'engine-detail': spread(widgets.map((w) => `${WIDGETS}${w.pk}/`), DISTINCT),
    'engine-list': spread(engineList, DISTINCT),
  };
  const get = {};
  const bytes = {};
  for (const row of HOT_ROWS) {
    const url = row.server === 'mock-engine' ? engineUrl : mockUrl;
    let total = 0;
    for (const path of paths[row.id]) {
      const r = await getJson(url, path);
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.text.slice(0, 200)}`);
      get[path] = r.text;
      total += Buffer.byteLength(r.text);
    }
    bytes[row.id] = total / paths[row.id].length;
  }
  // The writes' answers, one of each kind (keyed as the ceiling keys them: ids as `{id}`).
  const write = {};
  const planWrite = await send(mockUrl, 'POST', `${PLANS}${cycle[0]}/update_status/`, { status: plans.find((p) => p.pk === cycle[0]).status });
  write[`POST ${PLANS}{id}/update_status/`] = planWrite.text;
  write[`PATCH ${REQUESTS}{id}/`] = (await send(mockUrl, 'PATCH', `${REQUESTS}${requests[0].id}/`, { description: requests[0].description })).text;
  write[`PATCH ${WIDGETS}{id}/`] = (await send(engineUrl, 'PATCH', `${WIDGETS}${widgets[0].pk}/`, { note: widgets[0].note })).text;
  const bodiesFile = join(tmp, 'hot-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify({ get, write }));
  const facts = {
    distinct: Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, v.length])),
    bytes,
    cyclePlans: cycle.length,
  };
  return { paths, bodiesFile, facts, cycle, plans, requests, widgets };
}

/** The ceiling for the hot rows: `kind` is `hono` (c.body(string)) or `node` (plain node:http). */
export async function startHotCeiling({ kind, bodiesFile }) {
  const port = await freePort();
  const args = [join(ROOT, 'bench/ceiling-server.mjs'), '--port', String(port), '--kind', kind, '--bodies', bodiesFile];
  const ok = async (url) => (await fetch(`${url}/__ready`, { signal: AbortSignal.timeout(2000) })).ok;
  return startServer({ name: `ceiling (${kind})`, args, port, ready: ok });
}

/**
 * autocannon `setupClient` for one row: nine reads in ten walk the row's paths (one cursor shared
 * by all connections), the tenth is the row's write. Plans: update_status between `failed` and
 * `manuel_refund_need` on the cycle plans (a move to a plan's own status is a no-op 200, so two
 * connections meeting on one plan still answer 200); requests: a new description (allowed in
 * every status, DOMAIN.md §3); widgets: a new note. `readsOnly` sends reads alone, `writesOnly`
 * writes alone.
 */
export function hotClients(rowId, hot, { readsOnly = false, writesOnly = false } = {}) {
  const paths = hot.paths[rowId];
  let cursor = 0;
  let writes = 0;
  const read = { method: 'GET', headers: AUTH, setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }) };
  let write;
  if (rowId.startsWith('plan')) {
    const status = new Map(hot.plans.filter((p) => CYCLE.includes(p.status)).map((p) => [p.pk, p.status]));
    const pks = hot.cycle;
    write = (i) => {
      const pk = pks[i % pks.length];
      return {
        method: 'POST', path: `${PLANS}${pk}/update_status/`, headers: JSON_HEADERS,
        body: JSON.stringify({ status: otherCycleStatus(status.get(pk)) }),
        onResponse: (code) => {
          if (code === 200) status.set(pk, otherCycleStatus(status.get(pk)));
        },
      };
    };
  } else if (rowId.startsWith('request')) {
    write = (i) => ({ method: 'PATCH', path: `${REQUESTS}${hot.requests[i % hot.requests.length].id}/`, headers: JSON_HEADERS, body: JSON.stringify({ description: `bench note ${i}` }) });
  } else {
    write = (i) => ({ method: 'PATCH', path: `${WIDGETS}${hot.widgets[(i * 7) % hot.widgets.length].pk}/`, headers: JSON_HEADERS, body: JSON.stringify({ note: `bench note ${i}` }) });
  }
  let clients = 0;
  return (client) => {
    const list = Array.from({ length: writesOnly ? 0 : WRITE_EVERY - 1 }, () => ({ ...read }));
    // `readsOnly` (bench/hot-profile.mjs): ten reads, to see a read's cost apart from the writes'.
    if (readsOnly) {
      client.setRequests([...list, { ...read }]);
      return;
    }
    // The write's onResponse needs to know which write it was: kept on the client's context.
    list.push({
      method: 'PATCH',
      path: '/',
      onResponse: (code, body, context) => context.lastWrite?.(code),
      setupRequest: (req, context) => {
        const w = write(writes++);
        context.lastWrite = w.onResponse;
        return { ...req, method: w.method, path: w.path, headers: w.headers, body: w.body };
      },
    });
    // Connections start at different places in the ten, so writes are spread over time.
    const offset = clients++ % list.length;
    client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
  };
}
