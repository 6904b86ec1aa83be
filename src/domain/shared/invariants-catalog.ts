import type { Store } from '../../store/store.ts';
import { CANCELLATION_TYPES } from '../../store/types.ts';
import { findImage, imagesOfRequest } from '../images/request-images.ts';
import type { InvariantReport } from './invariant-report.ts';
import { orderCancelStatus } from './order-cancel-status.ts';

/**
 * Issue 21's objects, at rest: reasons (a type, a subject of 1–100 characters; the API may
 * deactivate every reason of a type, so "one active per type" is the seed's promise, not a rule
 * here), channels (each order's
 * channel exists, and the channel views can scope by it), request images (each names its request,
 * and finding it by id answers it again), and the order rule's premise (an order with a waiting
 * request shows `cancel_status: waiting`, so no second one can be made).
 */
export function checkCatalog(store: Store, report: InvariantReport): void {
  for (const reason of store.reasons.values()) {
    const at = `reason ${reason.pk}`;
    if (!(CANCELLATION_TYPES as readonly string[]).includes(reason.cancellation_type)) report.add(`${at}: cancellation_type "${reason.cancellation_type}" is no type`);
    if (reason.subject.trim() === '' || reason.subject.length > 100) report.add(`${at}: subject must have 1 to 100 characters`);
  }
  for (const order of store.orders.values()) {
    if (!store.channels.has(order.channel)) report.add(`order ${order.pk}: channel ${order.channel} does not exist`);
  }
  for (const request of store.requests.values()) {
    for (const image of imagesOfRequest(request)) {
      if (image.cancellation_request !== request.id || findImage(store, image.id)?.cancellation_request !== request.id) {
        report.add(`image ${image.id}: does not resolve to request ${request.id}`);
      }
    }
  }
  const waitingOrders = new Set<number>();
  for (const request of store.requests.values()) {
    const order = store.orderItems.get(request.order_item)?.order;
    if (request.status === 'waiting' && order !== undefined) waitingOrders.add(order);
  }
  for (const order of waitingOrders) {
    if (orderCancelStatus(store, order) !== 'waiting') report.add(`order ${order}: has a waiting request but its cancel_status is not waiting`);
  }
}
