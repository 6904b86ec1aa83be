import { fromCents, toCents } from '../common/money.ts';
import { orderItemsOf, planItemsOf, type SequenceName, type Store } from '../store/store.ts';
import type { OrderStatusCode } from '../store/types.ts';

/**
 * A running mock's state as a dataset (`omnitron-mock dataset export`): every object the
 * generator did not make — those with a pk at or past `generated`, the generated base's next
 * pks — written with the fields a dataset takes, so that loading it on the same seed (and size)
 * makes the same objects again. Generated objects are referred to by pk. Webhook subscriptions
 * come from the API without their secrets (the caller adds them).
 *
 * What a dataset cannot say is left out: the dates of moves made after an object's creation
 * (a moved plan's `modified_date` becomes its load time), and changes made to generated objects.
 */
export function storeToDataset(
  store: Store,
  generated: Record<SequenceName, number>,
  header: { name: string; description: string },
): Record<string, unknown> {
  const isNew = (name: SequenceName, pk: number) => pk >= generated[name];
  const key = (prefix: string, name: SequenceName, pk: number) => (isNew(name, pk) ? `${prefix}-${pk}` : pk);
  const sorted = <T>(map: Map<number, T>, name: SequenceName) =>
    [...map.entries()].filter(([pk]) => isNew(name, pk)).sort(([a], [b]) => a - b).map(([, v]) => v);

  const reasons = sorted(store.reasons, 'reasons');
  const products = sorted(store.products, 'products');
  const orders = sorted(store.orders, 'orders');
  // The load clock starts at the earliest stamp it will write before an object's own `created`.
  const firstStamps = [...reasons.map((r) => r.modified_date), ...products.map((p) => p.modified_date), ...orders.map((o) => o.created_date)].sort();
  const planBehind = new Set<number>();
  for (const r of store.requests.values()) if (r.cancellation_plan !== null) planBehind.add(r.cancellation_plan);
  const position = (orderItem: number) => {
    const item = store.orderItems.get(orderItem)!;
    return (store.itemsByOrder.get(item.order) ?? []).indexOf(orderItem) + 1;
  };
  const orderRef = (pk: number) => key('order', 'orders', pk);
  const tags = (resource: 'cancellation_plan' | 'cancellation_request', id: number) => {
    const t = store.tags[resource].tagsOf(id);
    return t.length > 0 ? { tags: t } : {};
  };

  return {
    name: header.name,
    description: header.description,
    ...(firstStamps[0] && { now: firstStamps[0] }),
    reasons: reasons.map((r) => ({
      key: `reason-${r.pk}`, subject: r.subject, cancellation_type: r.cancellation_type,
      extra_information_needed: r.extra_information_needed, is_active: r.is_active,
    })),
    customers: sorted(store.customers, 'customers').map((c) => {
      const address = [...store.addresses.values()].find((a) => a.customer === c.pk);
      return {
        key: `customer-${c.pk}`, first_name: c.first_name, last_name: c.last_name, email: c.email,
        ...(c.phone_number !== null && { phone_number: c.phone_number }),
        channel: store.channels.get(c.channel)?.name ?? c.channel,
        ...(address && { city: address.city, address: address.line }),
      };
    }),
    products: products.map((p) => ({
      key: `product-${p.pk}`, sku: p.sku, name: p.name, ...(p.description !== null && { description: p.description }),
    })),
    orders: orders.map((o) => {
      const firstPlan = (store.plansByOrder.get(o.pk) ?? [])[0];
      const status: OrderStatusCode = firstPlan !== undefined ? store.plans.get(firstPlan)!.order_previous_status : o.status;
      return {
        key: `order-${o.pk}`, number: o.number, customer: key('customer', 'customers', o.customer), status,
        shipping_amount: o.shipping_amount, created: o.created_date,
        items: orderItemsOf(store, o.pk).map((i) => {
          const discount = i.benefitapplicant_set.reduce((s, b) => s + toCents(b.discount_share), 0);
          return { product: key('product', 'products', i.product), price: i.price, ...(discount > 0 && { discount: fromCents(discount) }) };
        }),
      };
    }),
    requests: sorted(store.requests, 'requests').map((r) => {
      const plan = r.cancellation_plan === null ? null : store.plans.get(r.cancellation_plan)!;
      const planTags = plan ? store.tags.cancellation_plan.tagsOf(plan.pk) : [];
      return {
        key: `request-${r.id}`, order: orderRef(store.orderItems.get(r.order_item)!.order), item: position(r.order_item),
        status: r.status, cancellation_type: r.cancellation_type, reason: key('reason', 'reasons', r.reason),
        ...(r.quantity !== 1 && { quantity: r.quantity }),
        ...(r.description !== null && { description: r.description }),
        ...(r.iban !== null && { iban: r.iban }),
        ...(r.holder_name !== null && { holder_name: r.holder_name }),
        ...(r.fully_refund_as_loyalty_money && { fully_refund_as_loyalty_money: true }),
        ...(plan && r.status !== 'completed' && { plan_status: plan.status }),
        ...tags('cancellation_request', r.id),
        ...(planTags.length > 0 && { plan_tags: planTags }),
        uuid: r.uuid, created: r.created_date,
      };
    }),
    plans: sorted(store.plans, 'plans').filter((p) => !planBehind.has(p.pk)).map((p) => {
      const items = planItemsOf(store, p.pk);
      return {
        key: `plan-${p.pk}`, order: orderRef(p.order), items: items.map((i) => position(i.order_item)),
        status: p.status, plan_type: p.plan_type,
        ...(items[0] && { reason: key('reason', 'reasons', items[0].reason) }),
        ...tags('cancellation_plan', p.pk), created: p.created_date,
      };
    }),
  };
}

/** The generated objects a QA session changes by hand, by their API names. */
const WATCHED = [
  ['reasons', 'reason', null],
  ['plans', 'plan', 'cancellation_plan'],
  ['requests', 'request', 'cancellation_request'],
] as const;

/**
 * The generated objects (`generated`: the seed alone) that `store` holds changed — a status moved,
 * a field edited, a tag added or removed, the object gone: what a dataset cannot say, so an export
 * leaves them behind (seeds/README.md). Named for a warning: `plan 52`, `request 2 (tags)`.
 * Generic collections' rows are counted apart (`dataset.ts`): the exporter cannot tell a
 * generated row from a changed one (it has no `--spec` documents to make them again).
 */
export function unwrittenChanges(store: Store, generated: Store): string[] {
  const out: string[] = [];
  for (const [map, label, tagged] of WATCHED) {
    const now = store[map] as Map<number, unknown>;
    for (const [pk, was] of generated[map] as Map<number, unknown>) {
      const is = now.get(pk);
      if (is === undefined || JSON.stringify(is) !== JSON.stringify(was)) out.push(`${label} ${pk}`);
      else if (tagged && store.tags[tagged].tagsOf(pk).join('\u0000') !== generated.tags[tagged].tagsOf(pk).join('\u0000')) out.push(`${label} ${pk} (tags)`);
    }
  }
  return out;
}
