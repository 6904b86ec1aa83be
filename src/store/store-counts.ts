import type { Store } from './store.ts';

/** Object counts for the banner, health and the status page. */
export function countsOf(store: Store): Record<string, number> {
  return {
    plans: store.plans.size,
    requests: store.requests.size,
    orders: store.orders.size,
    order_items: store.orderItems.size,
    customers: store.customers.size,
    products: store.products.size,
  };
}
