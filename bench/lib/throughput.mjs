// Part 1–3 of the issue: the ceilings, omnitron-mock and Prism, side by side, in alternating
// rounds. Only one server runs at a time (the machine has two cores: one for the server, one for
// autocannon); each round starts every server afresh, warms it up, measures each of its calls,
// and stops it. Even rounds run the servers in the opposite order, so slow drift of the machine
// (other work, thermal) falls on all of them alike.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH, cyclePlans, discover, LIST_PATH, prepareTagList, TAG_LIST_PATH, updateStatusClients, updateStatusServed } from './calls.mjs';
import { discoverHot, fillWidgets, HOT_ROWS, hotClients, startHotCeiling } from './hot-rows.mjs';
import { runHotSideBySide } from './hot-side-by-side.mjs';
import { measure, median } from './load.mjs';
import { startCeiling, startMock, startPrism } from './servers.mjs';

/** The engine rows' document and calls: the fixture the engine's tests use (test/fixtures/engine/). */
const ENGINE_FIXTURE = new URL('../../test/fixtures/engine/widgets.openapi.yaml', import.meta.url).pathname;
const ENGINE_DETAIL_PATH = '/api/v1/widgets/1/';
const ENGINE_LIST_PATH = '/api/v1/widgets/?limit=10';

/** The scenarios, in table order. `server` names the process that answers them. */
export const SCENARIOS = [
  { id: 'ceiling-detail', server: 'ceiling-detail', label: 'bare Hono — fixed plan JSON (detail ceiling)' },
  { id: 'ceiling-list', server: 'ceiling-list', label: 'bare Hono — fixed ten-plan page (list ceiling)' },
  { id: 'mock-detail', server: 'mock', label: 'omnitron-mock — plan detail' },
  { id: 'mock-list', server: 'mock', label: 'omnitron-mock — plan list, 3 filters, limit=10' },
  { id: 'mock-tag-list', server: 'mock', label: 'omnitron-mock — request list by tag (filter_tags)' },
  { id: 'mock-update-status', server: 'mock', label: 'omnitron-mock — update_status round trip' },
  { id: 'engine-detail', server: 'mock-engine', label: 'omnitron-mock resource engine — generic retrieve (widget)' },
  { id: 'engine-list', server: 'mock-engine', label: 'omnitron-mock resource engine — generic list, limit=10' },
  { id: 'strict-detail', server: 'mock-strict', label: 'omnitron-mock --strict — plan detail' },
  { id: 'strict-list', server: 'mock-strict', label: 'omnitron-mock --strict — plan list, 3 filters' },
  { id: 'prism-detail', server: 'prism', label: 'Prism 5.14 (vendor spec) — plan detail' },
  { id: 'prism-list', server: 'prism', label: 'Prism 5.14 (vendor spec) — plan list, 3 filters' },
  // Issue 26's hot reads: each row on the mock and on two ceilings answering the same bytes.
  ...HOT_ROWS.flatMap((r) => [
    { id: `hot-${r.id}-mock`, server: r.server, hot: r.id, side: 'mock', label: `omnitron-mock — ${r.label}` },
    { id: `hot-${r.id}-hono`, server: 'hot-hono', hot: r.id, side: 'hono', label: `bare Hono c.body(string) — ${r.label}` },
    { id: `hot-${r.id}-node`, server: 'hot-node', hot: r.id, side: 'node', label: `plain node:http — ${r.label}` },
  ]),
];

/**
 * Discovers the calls on one mock, then runs `mode.rounds` rounds. Returns per-scenario
 * `{ rounds: [...], rps, p50, p99, bytesPerResponse, non2xx, skipped }` and the facts found.
 */
export async function runThroughput({ mode, tmp, prism, log }) {
  const facts = await discoverOnce(mode, tmp, log);
  const servers = [
    { key: 'ceiling-detail', start: () => startCeiling({ route: 'detail', bodyFile: facts.detailFile }) },
    { key: 'ceiling-list', start: () => startCeiling({ route: 'list', bodyFile: facts.listFile }) },
    { key: 'hot-hono', start: () => startHotCeiling({ kind: 'hono', bodiesFile: facts.hot.bodiesFile }) },
    { key: 'hot-node', start: () => startHotCeiling({ kind: 'node', bodiesFile: facts.hot.bodiesFile }) },
    { key: 'mock', start: () => startMock({ size: mode.size }) },
    { key: 'mock-strict', start: () => startMock({ size: mode.size, strict: true }) },
    // The resource engine (issue 20) on the test fixture document: compare its server CPU per
    // request with the plan detail and list rows above.
    { key: 'mock-engine', start: () => startMock({ size: mode.size, specs: [ENGINE_FIXTURE] }) },
    ...(prism.available ? [{ key: 'prism', start: () => startPrism({ specFile: prism.specFile }) }] : []),
  ];
  if (mode.hotOnly) servers.splice(0, servers.length, ...servers.filter((s) => ['hot-hono', 'hot-node', 'mock', 'mock-engine'].includes(s.key)));
  if (mode.servers) servers.splice(0, servers.length, ...servers.filter((s) => mode.servers.includes(s.key)));
  // The hot rows are measured side by side after the rounds (hot-side-by-side.mjs), unless
  // --hot-sequential asks for the old way (each server started afresh per round, one after another).
  const hotBesideEachOther = !mode.hotSequential && (!mode.servers || mode.servers.includes('hot-hono'));
  if (hotBesideEachOther) {
    servers.splice(0, servers.length, ...servers.filter((s) => !['hot-hono', 'hot-node'].includes(s.key) && !(mode.hotOnly && ['mock', 'mock-engine'].includes(s.key))));
  }
  const out = Object.fromEntries(SCENARIOS.map((s) => [s.id, { ...s, rounds: [], skipped: null }]));
  // --pin: the hot rows again with servers and client on separate cores (hot-side-by-side.mjs), apart.
  const pinned = {};
  if (!prism.available) for (const id of ['prism-detail', 'prism-list']) out[id].skipped = prism.reason;
  for (let round = 0; round < mode.rounds; round += 1) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const handle = await server.start();
      try {
        const calls = await callsFor(server.key, handle, facts, mode);
        for (const [id, call] of Object.entries(calls)) {
          if (typeof call === 'string') {
            out[id].skipped = call;
            continue;
          }
          const r = await measure({ url: handle.url, connections: mode.connections, ...call }, mode, handle.pid);
          out[id].rounds.push(r);
          log(`  round ${round + 1}/${mode.rounds}  ${id.padEnd(20)} ${r.rps.toFixed(0).padStart(7)} req/s  ${r.cpuUsPerRequest.toFixed(0).padStart(6)} µs CPU/req  p50 ${r.p50} ms  p99 ${r.p99} ms${r.non2xx ? `  non-2xx ${r.non2xx}` : ''}`);
        }
      } finally {
        await handle.stop();
      }
    }
  }
  if (hotBesideEachOther) {
    log(`hot rows side by side (${mode.alternations} alternations of ${mode.windowS} s per server):`);
    await runHotSideBySide({ mode, facts, out, engineFixture: ENGINE_FIXTURE, log, pinned });
  }
  for (const s of Object.values(out)) {
    if (s.rounds.length === 0) continue;
    s.skipped = null;
    s.rps = median(s.rounds.map((r) => r.rps));
    s.cpuUs = median(s.rounds.map((r) => r.cpuUsPerRequest));
    s.p50 = median(s.rounds.map((r) => r.p50));
    s.p99 = median(s.rounds.map((r) => r.p99));
    s.bytesPerResponse = median(s.rounds.map((r) => r.bytesPerResponse));
    s.non2xx = s.rounds.reduce((a, r) => a + r.non2xx + r.errors, 0);
    s.statusCodes = s.rounds.reduce((acc, r) => {
      for (const [k, v] of Object.entries(r.statusCodes)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
  }
  return { scenarios: out, facts, pinned };
}

async function discoverOnce(mode, tmp, log) {
  const mock = await startMock({ size: mode.size });
  const engine = await startMock({ size: mode.size, specs: [ENGINE_FIXTURE] });
  try {
    const found = await discover(mock.url);
    const hot = await discoverHot(mock.url, engine.url, tmp);
    log(`  hot rows: ${HOT_ROWS.map((r) => `${r.id} ${hot.facts.distinct[r.id]} paths ~${Math.round(hot.facts.bytes[r.id])} B`).join('; ')}`);
    const detailFile = join(tmp, 'ceiling-detail.json');
    const listFile = join(tmp, 'ceiling-list.json');
    writeFileSync(detailFile, found.detailBody);
    writeFileSync(listFile, found.listBody);
    log(`  detail ${found.detailPath} (${Buffer.byteLength(found.detailBody)} bytes); list ${LIST_PATH} (${found.listCount} rows, ${Buffer.byteLength(found.listBody)} bytes)`);
    return { ...found, hot, detailFile, listFile, detailBytes: Buffer.byteLength(found.detailBody), listBytes: Buffer.byteLength(found.listBody) };
  } finally {
    await mock.stop();
    await engine.stop();
  }
}

/** The calls one server answers this round; a string instead of a call says why it is skipped. */
async function callsFor(key, handle, facts, mode) {
  const get = (path) => ({ path, headers: AUTH });
  const hotCalls = (side, server) => (!mode.hotSequential ? {} : Object.fromEntries(HOT_ROWS.filter((r) => server === undefined || r.server === server)
    .map((r) => [`hot-${r.id}-${side}`, { path: '/', connections: mode.hotConnections, setupClient: hotClients(r.id, facts.hot) }])));
  if (key === 'hot-hono') return hotCalls('hono');
  if (key === 'hot-node') return hotCalls('node');
  if (key === 'mock-engine') {
    const plain = mode.hotOnly ? {} : { 'engine-detail': get(ENGINE_DETAIL_PATH), 'engine-list': get(ENGINE_LIST_PATH) };
    const hot = hotCalls('mock', 'mock-engine');
    // The engine seeds 50 widgets at the default size; the rows read 1,000. A machine too busy
    // to create them skips this round's engine rows instead of the whole run.
    const filled = Object.keys(hot).length === 0 ? null : await fillWidgets(handle.url).then(() => null, (err) => err.message);
    if (filled !== null) for (const id of Object.keys(hot)) hot[id] = `this round could not create the widgets: ${filled.slice(0, 120)}`;
    return { ...plain, ...hot };
  }
  if (key === 'mock' && mode.hotOnly) return hotCalls('mock', 'mock');
  if (key === 'ceiling-detail') return { 'ceiling-detail': get(facts.detailPath) };
  if (key === 'ceiling-list') return { 'ceiling-list': get(LIST_PATH) };
  if (key === 'mock-strict') return { 'strict-detail': get(facts.detailPath), 'strict-list': get(LIST_PATH) };
  if (key === 'prism') return { 'prism-detail': get(facts.detailPath), 'prism-list': get(LIST_PATH) };
  const calls = { 'mock-detail': get(facts.detailPath), 'mock-list': get(LIST_PATH) };
  const tags = await prepareTagList(handle.url);
  facts.tagList = tags;
  calls['mock-tag-list'] = tags.served ? get(TAG_LIST_PATH) : `not served yet (GET ${TAG_LIST_PATH} answered ${tags.status})`;
  const plans = await cyclePlans(handle.url);
  if (plans.length === 0) calls['mock-update-status'] = 'no plan in failed / manuel_refund_need';
  else if (!(await updateStatusServed(handle.url, plans[0]))) calls['mock-update-status'] = 'not served yet (update_status did not answer 200)';
  else {
    const connections = Math.min(mode.connections, plans.length);
    facts.updateStatus = { plans: plans.length, connections };
    calls['mock-update-status'] = { method: 'POST', setupClient: updateStatusClients(plans), connections, path: '/' };
  }
  return { ...calls, ...hotCalls('mock', 'mock') };
}
