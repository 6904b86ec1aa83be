import type { Store } from '../../store/store.ts';
import type { CancellationRequest, EasyReturn } from '../../store/types.ts';
import { serializeOrderItem, serializeReason } from '../shared/serialize-order.ts';

/**
 * A cancellation request as list, retrieve (and later create, update, reject) answer it: the
 * stored record with foreign keys as pks, field for field in the order of the served schema.
 * Nested objects are copied so a caller can never reach into the store through a response.
 */
export function serializeRequest(request: CancellationRequest): Record<string, unknown> {
  return {
    id: request.id,
    uuid: request.uuid,
    order_item: request.order_item,
    reason: request.reason,
    description: request.description,
    cancellation_type: request.cancellation_type,
    status: request.status,
    iban: request.iban,
    holder_name: request.holder_name,
    easy_return: request.easy_return === null ? null : serializeEasyReturn(request.easy_return),
    quantity: request.quantity,
    fully_refund_as_loyalty_money: request.fully_refund_as_loyalty_money,
    cancellation_plan: request.cancellation_plan,
    attributes: structuredClone(request.attributes),
    attributes_kwargs: structuredClone(request.attributes_kwargs),
    localized_attributes: structuredClone(request.localized_attributes),
    localized_attributes_kwargs: structuredClone(request.localized_attributes_kwargs),
    created_date: request.created_date,
    modified_date: request.modified_date,
  };
}

/**
 * The detailed form (`detailed/`, `{id}/detailed/`): the same fields in the same order, with the
 * order item (its order, product, price and stock lists inside) and the reason nested, the way
 * plan items nest them in seed 003.
 */
export function serializeDetailedRequest(store: Store, request: CancellationRequest): Record<string, unknown> {
  return {
    ...serializeRequest(request),
    order_item: serializeOrderItem(store, store.orderItems.get(request.order_item)!),
    reason: serializeReason(store.reasons.get(request.reason)!),
  };
}

function serializeEasyReturn(er: EasyReturn): Record<string, unknown> {
  return { ...er };
}
