// The request-list and image-feed rows of issue 26 at 100,000 on two checkouts in turns
// (before/after; the mocks, windows and figures are bench/lib/mocks-in-turns.mjs's, the writes
// filters-100k.mjs's request PATCHes and tag writes; ≥ 1,000 distinct URLs a row from
// bench/lib/filter-rows.mjs over the first mock's answers, both mocks seeded alike).
//   node bench/request-rows-side-by-side.mjs --roots /tmp/before,/work/after [--size 100000] [--rounds 3] [--seconds 3] [--rows status,reason,image feed]
import { parseArgs } from 'node:util';
import { writers } from './lib/bench-writes.mjs';
import { REQUESTS } from './lib/calls.mjs';
import { channelRows, pages, requestRows } from './lib/filter-rows.mjs';
import { rowInTurns, withMocks } from './lib/mocks-in-turns.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string' }, size: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, rows: { type: 'string', default: 'shipping_option_slug,reason,detailed/ status,image feed,status,currency,fully_refund_as_loyalty_money,cancellation_plan_status,channel' } } });

await withMocks(values.roots.split(','), { size: values.size }, async (mocks) => {
  const all = {};
  for (const [name, list] of Object.entries(await requestRows(mocks[0].url))) {
    all[name] = list.map((s) => (typeof s === 'string' ? `${REQUESTS}?${s}` : s.path ?? `${REQUESTS}?${s.s}`));
  }
  Object.assign(all, await channelRows(mocks[0].url));
  // The request writes of filters-100k.mjs, each mock on its own requests.
  const writes = await Promise.all(mocks.map(async (m) => writers({ requestIds: (await pages(m.url, REQUESTS, 2)).map((r) => r.id), cyclePlans: [] }).request));
  console.log(`request rows at ${Number(values.size).toLocaleString('en')}, 8 connections, 1 write in 10, ${values.rounds} rounds of ${values.seconds} s, mocks in turns`);
  for (const name of values.rows.split(',')) {
    const paths = all[name];
    if (!paths?.length) {
      console.log(`  ${name}: no URLs`);
      continue;
    }
    await rowInTurns(mocks, name, paths, writes, { rounds: Number(values.rounds), seconds: Number(values.seconds) });
  }
});
process.exit(0);
