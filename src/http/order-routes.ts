import { Hono } from 'hono';
import { orderFilters } from '../domain/orders/order-filters.ts';
import { serializeIntegrationItem, serializeIntegrationOrder } from '../domain/orders/serialize-integration-order.ts';
import { DRF } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { applyListFilters } from './list-query.ts';
import { newestFirst } from './newest-first.ts';
import { paginate } from './pagination.ts';
import { parseId, type RouteDeps } from './route-deps.ts';

/**
 * Orders and order items where the cancellation flow starts (issue 21): the vendor's integration
 * order list (`/api/i1/orders/`: Get Orders, Search Order, Get Order Detail by Order Number) and an
 * order item's detail, read from the domain's own orders and items. Reads only, no rule: both
 * could move to the resource engine (issue 20).
 */
export function orderRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const { gate } = deps;

  app.get('/api/i1/orders/', gate.operation('listIntegrationOrders'), (c) => {
    const store = c.var.store;
    const outcome = applyListFilters(c, orderFilters(), { strict: deps.config.strict });
    if ('response' in outcome) return outcome.response;
    const page = paginate(newestFirst(store.orders, outcome).slice(), new URL(c.req.url), (o) => serializeIntegrationOrder(store, o));
    return page ? c.json(page) : c.json(DRF.invalidPage, 404);
  });

  app.get('/api/i1/order_items/:id/', gate.operation('retrieveIntegrationOrderItem'), (c) => {
    const id = parseId(c.req.param('id') ?? '');
    const item = id === null ? undefined : c.var.store.orderItems.get(id);
    return item ? c.json(serializeIntegrationItem(item)) : c.json(DRF.notFound, 404);
  });
  return app;
}
