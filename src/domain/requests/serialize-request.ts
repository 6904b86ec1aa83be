import { createHash } from 'node:crypto';
import type { Store } from '../../store/store.ts';
import type { CancellationRequest, EasyReturn } from '../../store/types.ts';
import { copyPlain } from '../../common/plain-copy.ts';
import { serializeOrderItem, serializeReason } from '../shared/serialize-order.ts';

/**
 * A cancellation request as list, retrieve, create, update and reject answer it: the vendor's
 * `CancellationRequest` fields (apidocs.akinon.com/omnitron-openapis/cancellation-requests), foreign
 * keys as pks, in the order of the served schema. The stored `cancellation_plan` link is internal
 * and never sent: the vendor's schema has no such key (docs/decisions/0014); a client finds the
 * plan through the `cancellation_plan_status` filter and the plan's own item.
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
    attributes: copyPlain(request.attributes),
    attributes_kwargs: copyPlain(request.attributes_kwargs),
    localized_attributes: copyPlain(request.localized_attributes),
    localized_attributes_kwargs: copyPlain(request.localized_attributes_kwargs),
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

/**
 * The vendor's easy-return keys, in its example's order. `raw_request`, `raw_response`,
 * `pickup_date` and `uuid` are not stored (adding them would change every seeded byte): the
 * carrier exchange was never made by the mock (`{}`), no pickup was booked (null), and the `uuid`
 * is derived from the easy return's id, so it is stable across runs.
 */
function serializeEasyReturn(er: EasyReturn): Record<string, unknown> {
  return {
    id: er.id,
    shipping_company: er.shipping_company,
    code: er.code,
    start_date: er.start_date,
    end_date: er.end_date,
    max_count: er.max_count,
    status: er.status,
    raw_request: {},
    raw_response: {},
    tracking_number: er.tracking_number,
    tracking_url: er.tracking_url,
    pickup_date: null,
    created_date: er.created_date,
    modified_date: er.modified_date,
    uuid: stableUuid(`easy_return:${er.id}`),
  };
}

/** A version-4-shaped uuid drawn from a name: the same name gives the same uuid on every run. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
