import { orderItemsOf, type Store } from '../../store/store.ts';
import type { Order, OrderItem } from '../../store/types.ts';
import { orderCancelStatus } from '../shared/order-cancel-status.ts';
import { serializeOrder } from '../shared/serialize-order.ts';

/**
 * An order as the vendor's integration pages show it (apidocs.akinon.com/omnitron/integration/
 * order/get-orders, …/search-order, …/get-order-detail-by-order-number): the order's fields with
 * `customer`, `shipping_address` and `billing_address` as dicts, the derived `cancel_status`, and
 * (inferred) its items, so a frontend can pick the item it cancels.
 */
export function serializeIntegrationOrder(store: Store, order: Order): Record<string, unknown> {
  const customer = store.customers.get(order.customer);
  return {
    ...serializeOrder(order),
    cancel_status: orderCancelStatus(store, order.pk),
    customer: customer ? { ...customer } : null,
    shipping_address: addressOf(store, order.shipping_address),
    billing_address: addressOf(store, order.billing_address),
    orderitem_set: orderItemsOf(store, order.pk).map(serializeIntegrationItem),
  };
}

/** An order item with its foreign keys as pks (the vendor's `OrderItem` fragment). */
export function serializeIntegrationItem(item: OrderItem): Record<string, unknown> {
  return {
    ...item,
    extra_field: { ...item.extra_field },
    attributes: { ...item.attributes },
    attributes_kwargs: { ...item.attributes_kwargs },
    benefitapplicant_set: item.benefitapplicant_set.map((b) => ({ ...b })),
  };
}

function addressOf(store: Store, pk: number): Record<string, unknown> | null {
  const address = store.addresses.get(pk);
  return address ? { ...address } : null;
}
