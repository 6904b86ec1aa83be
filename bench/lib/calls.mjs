// The calls the benchmark makes, and the one-off discovery it needs before measuring: which plan
// is the ~9 KB detail, what the list answers (the ceilings serve those bytes), which plans can
// cycle through update_status, and whether the later issues' routes answer yet.
import { MOCK_TOKEN } from './servers.mjs';

export const AUTH = { Authorization: `Token ${MOCK_TOKEN}` };
export const PLANS = '/api/v1/cancellation_plans/';
export const REQUESTS = '/api/v1/cancellation_requests/';

/** The list call: three common filters and a ten-row page (all three valid in the vendor spec too). */
export const LIST_QUERY = 'status=completed&plan_type=refund&channel_type=web&limit=10';
export const LIST_PATH = `${PLANS}?${LIST_QUERY}`;

/** Common filters, one per request in turn, for the "mix" latency at each size. */
export const FILTER_MIX = [
  LIST_QUERY,
  'status=waiting&limit=10',
  'plan_type=cancel&limit=10',
  'channel_type=trendyol&limit=10',
  'created_date__gte=2025-01-01&limit=10',
  'pk__in=1,2,3,50,99&limit=10',
  'order_number=__BENCH_ORDER_NUMBER__&limit=10',
  'status=completed&created_date__date__lt=2025-03-01&limit=10',
].map((q) => `${PLANS}?${q}`);

/** The tag the benchmark puts on requests before listing by tag. */
export const BENCH_TAG = 'bench';
export const TAG_LIST_PATH = `${REQUESTS}filter_tags/?key=${BENCH_TAG}&limit=10`;

/** The two statuses update_status may move a plan between, back and forth (DOMAIN.md §4's table). */
export const CYCLE = ['failed', 'manuel_refund_need'];
export const otherCycleStatus = (s) => (s === CYCLE[0] ? CYCLE[1] : CYCLE[0]);

export async function getJson(url, path) {
  const res = await fetch(url + path, { headers: AUTH });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json };
}

async function postJson(url, path, body) {
  const res = await fetch(url + path, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Looks at a freshly started mock once: the detail plan (the one whose body is nearest 9 KB,
 * not one the update_status run moves), the bodies the ceilings will serve, an order number for
 * the filter mix.
 */
export async function discover(url) {
  const all = await getJson(url, `${PLANS}?limit=1000`);
  if (all.status !== 200) throw new Error(`plan list answered ${all.status}: ${all.text.slice(0, 300)}`);
  let best = null;
  for (const plan of all.json.results) {
    if (CYCLE.includes(plan.status)) continue;
    const bytes = Buffer.byteLength(JSON.stringify(plan));
    if (!best || Math.abs(bytes - 9000) < Math.abs(best.bytes - 9000)) best = { pk: plan.pk, bytes };
  }
  const detailPath = `${PLANS}${best.pk}/`;
  const detail = await getJson(url, detailPath);
  const list = await getJson(url, LIST_PATH);
  if (detail.status !== 200 || list.status !== 200) throw new Error(`detail ${detail.status} / list ${list.status}`);
  const orderNumber = all.json.results[Math.floor(all.json.results.length / 2)].order.number;
  return {
    detailPath,
    detailBody: detail.text,
    listBody: list.text,
    listCount: list.json.count,
    orderNumber,
    mix: FILTER_MIX.map((p) => p.replace('__BENCH_ORDER_NUMBER__', encodeURIComponent(orderNumber))),
  };
}

/** Plans in the two cycle statuses, as {pk, status} (their current status, read now). */
export async function cyclePlans(url) {
  const out = [];
  for (const status of CYCLE) {
    const page = await getJson(url, `${PLANS}?status=${status}&limit=1000`);
    if (page.status === 200) out.push(...page.json.results.map((p) => ({ pk: p.pk, status: p.status })));
  }
  return out.sort((a, b) => a.pk - b.pk);
}

/** True when update_status is served: a no-op move (to the plan's own status) answers 200. */
export async function updateStatusServed(url, plan) {
  return (await postJson(url, `${PLANS}${plan.pk}/update_status/`, { status: plan.status })) === 200;
}

/**
 * Tags the first 100 requests with the bench tag (when bulk tagging is served) and tells whether
 * the tag list answers 200. Returns { served, tagged }.
 */
export async function prepareTagList(url) {
  const page = await getJson(url, `${REQUESTS}?limit=100`);
  const ids = page.status === 200 ? page.json.results.map((r) => r.id ?? r.pk).filter((id) => id != null) : [];
  const bulk = ids.length ? await postJson(url, `${REQUESTS}bulk_add_tags/`, { ids, keys: [BENCH_TAG] }) : 0;
  const list = await getJson(url, TAG_LIST_PATH);
  return { served: list.status === 200, tagged: bulk >= 200 && bulk < 300 ? ids.length : 0, count: list.json?.count ?? null, status: list.status };
}

/**
 * autocannon `setupClient` for the update_status round trip: each connection owns one plan and
 * moves it failed → manuel_refund_need → failed …, one legal move per request, strictly in turn
 * (a connection sends its next request only after the answer), so no two requests race on one
 * plan and every request is a real write.
 */
export function updateStatusClients(plans) {
  let next = 0;
  return (client) => {
    const plan = plans[next++ % plans.length];
    let current = plan.status;
    client.setRequests([{
      method: 'POST',
      path: `${PLANS}${plan.pk}/update_status/`,
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ status: otherCycleStatus(current) }) }),
      onResponse: (status) => {
        if (status === 200) current = otherCycleStatus(current);
        plan.status = current;
      },
    }]);
  };
}
