import type { Store } from '../../store/store.ts';
import type { CancellationReason, Order, OrderItem, Product, User } from '../../store/types.ts';
import { orderStatusDisplay } from './order-statuses.ts';

/**
 * Serializers for the objects that plans and requests nest, in the shape of seed 003. They copy
 * the stored record and replace foreign keys with nested objects where Omnitron nests them.
 */

export function serializeUser(user: User): Record<string, unknown> {
  const { pk, email, groups, is_staff, username, is_active, last_name, first_name, last_login, date_joined, is_superuser } = user;
  return { pk, email, groups: [...groups], is_staff, username, is_active, last_name, first_name, last_login, date_joined, is_superuser };
}

export function serializeOrder(order: Order): Record<string, unknown> {
  return {
    ...order,
    extra_field: { ...order.extra_field },
    delivery_range: order.delivery_range ? { ...order.delivery_range } : null,
    fundstransfertransaction_set: [...order.fundstransfertransaction_set],
  };
}

export function serializeProduct(product: Product): Record<string, unknown> {
  const { description: _internal, ...rest } = product;
  return { ...rest, attributes: { ...product.attributes }, attributes_kwargs: { ...product.attributes_kwargs } };
}

/**
 * A reason as a plan item or a detailed request nests it: the seeded record's keys, always the
 * same ones. `created_date`, `send_to_oms` and `translations`, which an update through the reasons
 * API stores, are the reasons resource's own fields (`serializeReasonResource`), not the nested reason's.
 */
export function serializeReason(reason: CancellationReason): Record<string, unknown> {
  const { created_date: _created, send_to_oms: _oms, translations: _translations, ...nested } = reason;
  return nested;
}

/** An order item as a plan item or a detailed request nests it: order, product and lists inside. */
export function serializeOrderItem(store: Store, item: OrderItem): Record<string, unknown> {
  const order = store.orders.get(item.order)!;
  const product = store.products.get(item.product)!;
  const priceList = store.priceLists.get(item.price_list)!;
  const stockList = store.stockLists.get(item.stock_list)!;
  // The same keys in the same order as `{ ...item, order, …, status_display, … }`, copied one by
  // one: adding a key (`status_display`) to the spread of a 32-field record made V8 build a new
  // hidden class on every call (~5–10 µs each, a quarter of a plan detail's serialisation).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) out[key] = item[key as keyof OrderItem];
  out.order = serializeOrder(order);
  out.product = serializeProduct(product);
  out.price_list = { ...priceList };
  out.stock_list = { ...stockList };
  out.status_display = orderStatusDisplay(item.status);
  out.extra_field = { ...item.extra_field };
  out.attributes = { ...item.attributes };
  out.attributes_kwargs = { ...item.attributes_kwargs };
  out.benefitapplicant_set = item.benefitapplicant_set.map((b) => ({ ...b }));
  return out;
}
