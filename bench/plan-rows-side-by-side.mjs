// The plan-list rows of issue 26 at 100,000 on two checkouts in turns (before/after; the mocks,
// windows and figures are bench/lib/mocks-in-turns.mjs's, the writes filters-100k.mjs's plan status
// moves): p99, req/s, server CPU per request, the collector's work, RSS after, load beside each line.
//   node bench/plan-rows-side-by-side.mjs --roots /tmp/before,/work/after [--size 100000] [--rounds 3] [--seconds 3] [--rows 'status;created_by;plan feed, status'] [--cpu-prof DIR]
import { parseArgs } from 'node:util';
import { writers } from './lib/bench-writes.mjs';
import { AUTH, PLANS } from './lib/calls.mjs';
import { rowInTurns, withMocks } from './lib/mocks-in-turns.mjs';

const { values } = parseArgs({ options: { roots: { type: 'string' }, size: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '3' }, rows: { type: 'string', default: '(no filter),status,created_by,plan feed' }, 'cpu-prof': { type: 'string' } } });
const STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];

const rows = {
  '(no filter)': () => Array.from({ length: 1000 }, (_, i) => `${PLANS}?limit=${10 + (i % 10)}&page=${1 + Math.floor(i / 10)}`),
  // As filter-rows.mjs makes them for a filter of few values: each value's pages of ten, ≥ 1,000 URLs.
  status: () => STATUSES.flatMap((s) => Array.from({ length: 91 }, (_, i) => `${PLANS}?status=${s}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  created_by: () => Array.from({ length: 1000 }, (_, i) => `${PLANS}?created_by=${1 + (i % 20)}&limit=10&page=${1 + Math.floor(i / 20)}`),
  'plan feed': () => Array.from({ length: 1000 }, (_, i) => `/api/channel/${1 + (i % 4)}/cancellation_plans/inserts_or_updates/?limit=10&page=${1 + Math.floor(i / 4)}`),
  // Seventh session (plan-walk): the other many-match rows of filters-100k.mjs, deep pages as it cycles them.
  plan_type: () => ['cancel', 'refund'].flatMap((t) => Array.from({ length: 500 }, (_, i) => `${PLANS}?plan_type=${t}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  // Only pages each channel type has, ~1,000 URLs over the types with plans (125 pages of each of
  // eight types were asked before: a type no seeded channel has answered 404 past page 1).
  channel_type: (_dates, typePages) => {
    const types = [...typePages].filter(([, pages]) => pages > 0);
    const each = Math.ceil(1000 / Math.max(1, types.length));
    return types.flatMap(([t, pages]) => Array.from({ length: Math.min(each, pages) }, (_, i) => `${PLANS}?channel_type=${t}&limit=10${i ? `&page=${i + 1}` : ''}`));
  },
  // Eleventh session (plan-p99): the other rows of the lead's table, as filter-rows.mjs makes them
  // (each value's pages while they exist, then the next page size), values counted on the first mock.
  modified_by: (_d, _t, url) => valuePages(url, 'modified_by', Array.from({ length: 20 }, (_, i) => String(i + 1))),
  channel_id__in: (_d, _t, url) => valuePages(url, 'channel_id__in', Array.from({ length: 8 }, (_, i) => `${i + 1},${((i + 1) % 8) + 1}`)),
  related_cancellation_plan__plan_type: (_d, _t, url) => valuePages(url, 'related_cancellation_plan__plan_type', ['cancel', 'refund']),
  tag: () => TAGS.flatMap((t) => Array.from({ length: 143 }, (_, i) => `${PLANS}?tag=${encodeURIComponent(t)}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  tag__exclude: () => TAGS.flatMap((t) => Array.from({ length: 143 }, (_, i) => `${PLANS}?tag__exclude=${encodeURIComponent(t)}&limit=10${i ? `&page=${i + 1}` : ''}`)),
  'plan feed, modified_date__gt': (dates) => dates.map((d, i) => `/api/channel/${1 + (i % 8)}/cancellation_plans/inserts_or_updates/?modified_date__gt=${encodeURIComponent(d)}&limit=${10 + (i % 10)}`),
  'plan feed, status': () => Array.from({ length: 8 }, (_, c) => c + 1).flatMap((c) => STATUSES.flatMap((s) => Array.from({ length: 20 }, (_, i) => `/api/channel/${c}/cancellation_plans/inserts_or_updates/?status=${s}&limit=${10 + (i % 10)}${i >= 10 ? '&page=2' : ''}`))),
};
const TAGS = ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli'];

/** ≥ 1,000 URLs of a filter: each value's pages of ten while it has them, then page sizes 11, 12, … (filter-rows.mjs's `queries`). */
async function valuePages(url, name, values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (await fetch(`${url}${PLANS}?${name}=${encodeURIComponent(v)}&limit=1`, { headers: AUTH }).then((x) => x.json())).count ?? 0);
  const out = new Set();
  for (let limit = 10; out.size < 1000 && limit < 60; limit += 1) {
    for (const v of values) {
      const pages = Math.min(Math.ceil(counts.get(v) / limit), Math.ceil(1000 / values.length));
      for (let page = 1; page <= pages; page += 1) out.add(`${PLANS}?${name}=${encodeURIComponent(v)}&limit=${limit}${page > 1 ? `&page=${page}` : ''}`);
    }
  }
  return [...out];
}

/** Modified dates of the newest 2,000 plans (a sync cursor's values), from the first mock. */
async function modifiedDates(url) {
  const out = [];
  for (let page = 1; page <= 8; page += 1) {
    const r = await fetch(`${url}${PLANS}?limit=250&page=${page}`, { headers: AUTH }).then((x) => x.json());
    out.push(...r.results.map((p) => p.modified_date));
  }
  return [...new Set(out)];
}

/** Each channel type's count of pages of ten (0 for a type no plan has), from the first mock. */
async function channelTypePages(url) {
  const out = new Map();
  for (const t of ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon', 'feed', 'gittigidiyor', 'morhipo']) {
    const r = await fetch(`${url}${PLANS}?channel_type=${t}&limit=1`, { headers: AUTH }).then((x) => x.json());
    out.set(t, Math.ceil(r.count / 10));
  }
  return out;
}

async function cyclePlans(url) {
  const r = await fetch(`${url}${PLANS}?status=failed&limit=8`, { headers: AUTH }).then((x) => x.json());
  return r.results.map((p) => ({ pk: p.pk, status: p.status }));
}

await withMocks(values.roots.split(','), { size: values.size, cpuProfDir: values['cpu-prof'] ?? null }, async (mocks) => {
  // The plan writes of filters-100k.mjs (a status move of the connection's own plan), each mock on its own plans.
  const writes = await Promise.all(mocks.map(async (m) => writers({ requestIds: [], cyclePlans: await cyclePlans(m.url) }).plan));
  console.log(`plan rows at ${Number(values.size).toLocaleString('en')}, 8 connections, 1 write in 10, ${values.rounds} rounds of ${values.seconds} s, mocks in turns`);
  const dates = await modifiedDates(mocks[0].url);
  const typePages = await channelTypePages(mocks[0].url);
  // Rows named with a comma ('plan feed, status') are listed with ';' between them.
  for (const name of values.rows.split(values.rows.includes(';') ? ';' : ',')) {
    await rowInTurns(mocks, name, await rows[name](dates, typePages, mocks[0].url), writes, { rounds: Number(values.rounds), seconds: Number(values.seconds) });
  }
});
process.exit(0);
