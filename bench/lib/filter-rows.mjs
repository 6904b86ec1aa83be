// The rows of the filters bench (bench/lib/filters-100k.mjs): for every filter of DOMAIN.md on the
// plan and request lists and the sales-channel feeds, ≥ 1,000 distinct query strings made of
// values the running mock holds (discovered through its own API).
import { getJson, PLANS, REQUESTS } from './calls.mjs';

export const DISTINCT = 1000;
const enc = encodeURIComponent;
const PLAN_STATUSES = ['completed', 'waiting', 'waiting_supplier', 'approved', 'confirmation_waiting', 'confirmed', 'cancelled', 'failed', 'rejected', 'waiting_for_payment', 'manuel_refund_need'];
const REQUEST_STATUSES = ['waiting', 'confirmed', 'approved', 'rejected', 'completed'];
const TYPES = ['cancel', 'refund'];
const CHANNEL_TYPES = ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon', 'feed', 'gittigidiyor', 'morhipo'];
const DATE_LOOKUPS = ['gt', 'gte', 'lt', 'lte', 'date', 'date__gt', 'date__gte', 'date__lt', 'date__lte'];

/** The first `n` thousand rows of a list, 250 at a time (a page of 1,000 plans is ~7 MB). */
export async function pages(url, path, n) {
  const out = [];
  for (let page = 1; page <= n * 4; page += 1) {
    const r = await getJson(url, `${path}${path.includes('?') ? '&' : '?'}limit=250&page=${page}`);
    if (r.status !== 200) break;
    out.push(...r.json.results);
    if (!r.json.next) break;
  }
  return out;
}

const uniq = (values) => [...new Set(values.filter((v) => v !== null && v !== undefined && v !== ''))];

/**
 * ≥ DISTINCT query strings for one filter: its values one by one while there are enough, else
 * each value's pages (as many as it has rows for) and then page sizes 10–19.
 */
async function queries(url, base, name, values) {
  const v = uniq(values).map(String);
  if (v.length === 0) return [];
  if (v.length >= DISTINCT) return v.slice(0, DISTINCT * 2).map((x) => `${name}=${enc(x)}&limit=10`);
  const out = [];
  const counts = new Map();
  for (const x of v.slice(0, 60)) {
    const r = await getJson(url, `${base}?${name}=${enc(x)}&limit=1`);
    counts.set(x, r.json?.count ?? 0);
  }
  for (let limit = 10; out.length < DISTINCT && limit < 60; limit += 1) {
    for (const x of v) {
      const n = counts.get(x) ?? 1;
      const maxPage = Math.max(1, Math.ceil(n / limit));
      for (let page = 1; page <= Math.min(maxPage, Math.ceil(DISTINCT / v.length)); page += 1) {
        out.push(`${name}=${enc(x)}&limit=${limit}${page > 1 ? `&page=${page}` : ''}`);
      }
    }
  }
  return uniq(out);
}

/**
 * Range lookups over date values (and keys): each value with each lookup in turn, and other page
 * sizes once the values run out (the seeded dates repeat), until there are `DISTINCT` URLs.
 */
const ranges = (name, values, lookups) => {
  const v = uniq(values);
  if (v.length === 0) return [];
  const out = Array.from({ length: DISTINCT * 3 }, (_, i) => {
    const lookup = lookups[i % lookups.length];
    const x = v[i % v.length];
    const value = lookup.startsWith('date') ? String(x).slice(0, 10) : x;
    return `${name}__${lookup}=${enc(value)}&limit=${10 + (Math.floor(i / v.length) % 10)}`;
  });
  return uniq(out).slice(0, DISTINCT);
};

export async function planRows(url) {
  const plans = await pages(url, PLANS, 3);
  const orders = await pages(url, '/api/i1/orders/', 2);
  const q = (name, values) => queries(url, PLANS, name, values);
  const pk = plans.map((p) => p.pk);
  const userPk = (u) => (u && typeof u === 'object' ? u.pk : u);
  return {
    pk: await q('pk', pk),
    pk__in: pk.slice(0, DISTINCT).map((x, i) => `pk__in=${x},${pk[(i * 7 + 3) % pk.length]},${pk[(i * 13 + 5) % pk.length]}&limit=10`),
    'pk ranges': ranges('pk', pk, ['gt', 'gte', 'lt', 'lte']),
    plan_type: await q('plan_type', TYPES),
    status: await q('status', PLAN_STATUSES),
    order_id: await q('order_id', plans.map((p) => p.order.pk)),
    order: await q('order', plans.map((p) => p.order.pk)),
    order_number: await q('order_number', plans.map((p) => p.order.number)),
    customer_id: await q('customer_id', plans.map((p) => p.order.customer)),
    channel_type: await q('channel_type', CHANNEL_TYPES),
    channel_id__in: await q('channel_id__in', uniq(plans.map((p) => p.order.channel)).map((c, i, all) => `${c},${all[(i + 1) % all.length]}`)),
    invoice_number: await q('invoice_number', plans.map((p) => p.invoice_number)),
    invoice_date: await q('invoice_date', orders.map((o) => o.invoice_date)),
    created_by: await q('created_by', plans.map((p) => userPk(p.created_by))),
    modified_by: await q('modified_by', plans.map((p) => userPk(p.last_updated_by))),
    staff_remote_id: await q('staff_remote_id', plans.map((p) => p.staff_remote_id)),
    retail_store_remote_id: await q('retail_store_remote_id', plans.map((p) => p.retail_store_remote_id)),
    related_cancellationplan: await q('related_cancellationplan', plans.map((p) => p.related_cancellationplan)),
    related_cancellation_plan__plan_type: await q('related_cancellation_plan__plan_type', TYPES),
    created_date: await q('created_date', plans.map((p) => p.created_date)),
    'created_date ranges': ranges('created_date', plans.map((p) => p.created_date), DATE_LOOKUPS),
    modified_date: await q('modified_date', plans.map((p) => p.modified_date)),
    'modified_date ranges': ranges('modified_date', plans.map((p) => p.modified_date), DATE_LOOKUPS),
    tag: await q('tag', ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli']),
    tag__exclude: await q('tag__exclude', ['vip', 'urgent', 'fraud-check', 'kargo-gecikmesi', 'müşteri-iade', 'hasarlı-ürün', 'öncelikli']),
  };
}

export async function requestRows(url) {
  const requests = await pages(url, `${REQUESTS}detailed/`, 3);
  const orders = await pages(url, '/api/i1/orders/', 2);
  const q = (name, values) => queries(url, REQUESTS, name, values);
  const id = requests.map((r) => r.id);
  const order = (r) => r.order_item.order;
  const words = uniq(requests.flatMap((r) => (r.description ?? '').split(/\s+/).map((w) => w.replace(/[.,!?]/g, '')).filter((w) => w.length > 3)));
  // Needles: whole words, their upper-case spelling and inner slices, so a needle is seldom repeated.
  const needles = uniq(words.flatMap((w) => [w, w.toLocaleUpperCase('tr'), w.slice(1, -1)]));
  return {
    pk: await q('pk', id),
    pk__in: id.slice(0, DISTINCT).map((x, i) => `pk__in=${x},${id[(i * 7 + 3) % id.length]}&limit=10`),
    'pk ranges': ranges('pk', id, ['gt', 'gte', 'lt', 'lte']),
    uuid: await q('uuid', requests.map((r) => r.uuid)),
    created_date: await q('created_date', requests.map((r) => r.created_date)),
    'created_date ranges': ranges('created_date', requests.map((r) => r.created_date), DATE_LOOKUPS),
    modified_date: await q('modified_date', requests.map((r) => r.modified_date)),
    'modified_date ranges': ranges('modified_date', requests.map((r) => r.modified_date), DATE_LOOKUPS),
    cancellation_type: await q('cancellation_type', TYPES),
    status: await q('status', REQUEST_STATUSES),
    order_number: await q('order_number', requests.map((r) => order(r).number)),
    order_item__order__number: await q('order_item__order__number', requests.map((r) => order(r).number)),
    sku: await q('sku', requests.map((r) => r.order_item.product?.sku)),
    channel: await q('channel', requests.map((r) => order(r).channel)),
    customer_first_name: await q('customer_first_name', orders.map((o) => o.customer?.first_name)),
    customer_last_name: await q('customer_last_name', orders.map((o) => o.customer?.last_name?.toLocaleUpperCase('tr'))),
    customer_email: await q('customer_email', orders.map((o) => o.customer?.email)),
    order: await q('order', requests.map((r) => order(r).pk)),
    cancellation_plan_status: await q('cancellation_plan_status', PLAN_STATUSES),
    easy_return_code: await q('easy_return_code', requests.map((r) => r.easy_return?.code)),
    tracking_number: await q('tracking_number', requests.map((r) => r.easy_return?.tracking_number)),
    currency: await q('currency', requests.map((r) => order(r).currency)),
    shipping_option_slug: await q('shipping_option_slug', requests.map((r) => order(r).shipping_option_slug)),
    order_item: await q('order_item', requests.map((r) => r.order_item.pk)),
    reason: await q('reason', requests.map((r) => r.reason?.pk ?? r.reason)),
    iban: await q('iban', requests.map((r) => r.iban)),
    holder_name: await q('holder_name', requests.map((r) => r.holder_name)),
    easy_return: await q('easy_return', requests.map((r) => r.easy_return?.id)),
    quantity: await q('quantity', requests.map((r) => r.quantity)),
    fully_refund_as_loyalty_money: await q('fully_refund_as_loyalty_money', ['true', 'false']),
    'description (contains)': (await q('description', needles)).map((s) => ({ contains: true, s })),
    // The detailed list: the same filters (DOMAIN.md §3 "both lists"), nested rows.
    'detailed/ status': (await q('status', REQUEST_STATUSES)).map((s) => ({ path: `${REQUESTS}detailed/?${s}` })),
    'detailed/ order_number': (await q('order_number', requests.map((r) => order(r).number))).map((s) => ({ path: `${REQUESTS}detailed/?${s}` })),
  };
}


/** Pages of a path: each page size 10–19 with each page number up to `maxPage`, for each base path. */
const paged = (bases, maxPage, extra = '') =>
  bases.flatMap((base) => Array.from({ length: 10 * maxPage }, (_, i) => `${base}?${extra}limit=${10 + (i % 10)}${i >= 10 ? `&page=${1 + Math.floor(i / 10)}` : ''}`));

/**
 * The sales-channel views (full paths, not query strings): the plan feed alone, with the sync
 * cursor `modified_date__gt`, with a plan filter; the image feeds. Channels are a handful, so
 * their distinct URLs are pages and page sizes.
 */
export async function channelRows(url) {
  const plans = await pages(url, PLANS, 3);
  const channels = uniq(plans.map((p) => p.order.channel));
  const planFeed = (c) => `/api/channel/${c}/cancellation_plans/inserts_or_updates/`;
  const imageFeed = (c, kind) => `/api/channel/${c}/cancellation_request_images/${kind}/`;
  const perChannel = Math.ceil(DISTINCT / 10 / Math.max(1, channels.length));
  return {
    'plan feed': paged(channels.map(planFeed), perChannel),
    'plan feed, modified_date__gt': uniq(plans.map((p, i) => `${planFeed(p.order.channel)}?modified_date__gt=${enc(p.modified_date)}&limit=${10 + (i % 10)}`)).slice(0, DISTINCT * 2),
    'plan feed, status': channels.flatMap((c) => PLAN_STATUSES.flatMap((s) => paged([planFeed(c)], 2, `status=${s}&`))),
    'image feed': paged(channels.map((c) => imageFeed(c, 'inserts_or_updates')), perChannel),
    'image updates': paged(channels.map((c) => imageFeed(c, 'updates')), perChannel),
  };
}
