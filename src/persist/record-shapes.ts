import { MAX_STRING_KEY } from '../store/store.ts';
import {
  CANCEL_STATUSES,
  CANCELLATION_TYPES,
  ORDER_STATUS_CODES,
  PLAN_STATUSES,
  REQUEST_STATUSES,
} from '../store/codes.ts';

/**
 * The declared shape of every record collection and index of `Store` (issue 19): what a state
 * import, a snapshot and a journal line must hold before the mock serves it. `check-records.ts`
 * reads these; a map collection without a shape here stops start-up (`shapeOf`), so a collection
 * added to `Store` later is validated too, not trusted.
 *
 * A field is written as a word: `key` (the record's own whole-number key), `count` (a whole
 * number ≥ 0), `int`, `str`, `bool`, `date` (`YYYY-MM-DDTHH:MM:SS[.ffffff]Z`, years 1970–9999),
 * `decimal` (`"13.49"`), `object` / `list` / `json` (free-form, at most `MAX_DEPTH` deep),
 * `ref:<collection>` (a key that exists there), `enum:<name>`, `translations` (a reason's texts by
 * language: `{"en-us": {"subject": "…"}}`, every text a string); `?` after it allows null, `~`
 * before the field name makes the field optional. A nested object is a `Shape`, a list of them
 * `[Shape]`; `{ nullable: Shape }` allows null.
 */
export type FieldSpec = string | Shape | [Shape] | { nullable: Shape };
export interface Shape {
  [field: string]: FieldSpec;
}
/** An index of child keys by parent: `children` records whose `by` field names the parent. */
export interface IndexShape {
  index: { children: string; by: string; parent: string };
}

/** How deep a free-form value (`extra_field`, `payment_plan`, …) may nest. */
export const MAX_DEPTH = 32;

export const ENUMS: Record<string, readonly string[]> = {
  orderStatus: ORDER_STATUS_CODES,
  cancelStatus: CANCEL_STATUSES,
  planStatus: PLAN_STATUSES,
  cancellationType: CANCELLATION_TYPES,
  requestStatus: REQUEST_STATUSES,
};

const dated = { created_date: 'date', modified_date: 'date' } as const;

export const RECORD_SHAPES: Record<string, Shape | IndexShape> = {
  users: {
    pk: 'key', username: 'str', first_name: 'str', last_name: 'str', email: 'str', is_active: 'bool',
    is_staff: 'bool', is_superuser: 'bool', date_joined: 'date', last_login: 'date?', groups: 'list',
  },
  channels: { pk: 'key', name: 'str', channel_type: 'str', is_active: 'bool' },
  customers: {
    pk: 'key', channel: 'ref:channels', first_name: 'str', last_name: 'str', email: 'str',
    phone_number: 'str?',
  },
  addresses: { pk: 'key', customer: 'ref:customers', city: 'str', line: 'str', postcode: 'str' },
  priceLists: { pk: 'key', code: 'str?', name: 'str', currency: 'str', is_auto_sync: 'bool', ...dated },
  stockLists: { pk: 'key', code: 'str', name: 'str', is_auto_sync: 'bool', ...dated },
  products: {
    pk: 'key', sku: 'str', name: 'str', uuid: 'str', parent: 'ref:products?', base_code: 'str?',
    is_active: 'bool', attributes: 'object', attributes_kwargs: 'object', data_source: 'int?',
    listing_code: 'str?', product_type: 'str', attribute_set: 'int?', modified_date: 'date',
    group_products: 'list', extra_attributes: 'object', productimage_set: 'list',
    productization_date: 'date?', custom_attribute_set: 'int?', description: 'str?',
  },
  reasons: {
    pk: 'key', order: 'int', subject: 'str', is_active: 'bool', modified_date: 'date',
    send_to_remote: 'bool', cancellation_type: 'enum:cancellationType', extra_information_needed: 'bool',
    '~created_date': 'date', '~send_to_oms': 'bool', '~translations': 'translations',
  },
  orders: {
    pk: 'key', number: 'str', status: 'enum:orderStatus', channel: 'ref:channels',
    customer: 'ref:customers', currency: 'str', date_placed: 'date', amount: 'decimal',
    discount_amount: 'decimal', shipping_amount: 'decimal', net_shipping_amount: 'decimal',
    refund_amount: 'decimal', discount_refund_amount: 'decimal', shipping_refund_amount: 'decimal',
    shipping_interest_amount: 'decimal', installment_interest_amount: 'decimal',
    shipping_tax_rate: 'decimal?', notes: 'str?', is_send: 'bool', segment: 'str?', bin_number: 'str?',
    client_type: 'str', extra_field: 'object', installment: 'int', installment_count: 'int?',
    remote_addr: 'str?', has_gift_box: 'bool', gift_box_note: 'str?', invoice_date: 'date?',
    invoice_number: 'str?', e_archive_url: 'str?', cargo_company: 'int', delivery_type: 'str?',
    language_code: 'str?', delivery_range: { nullable: { start: 'date', end: 'date' } },
    payment_option: 'int', payment_option_slug: 'str?', billing_address: 'ref:addresses',
    shipping_address: 'ref:addresses', external_status: 'int?', tracking_number: 'str?',
    checkout_provider_id: 'int?', shipping_option_slug: 'str?', carrier_shipping_code: 'str?',
    fundstransfertransaction_set: 'list', ...dated,
  },
  orderItems: {
    pk: 'key', order: 'ref:orders', product: 'ref:products', price_list: 'ref:priceLists',
    stock_list: 'ref:stockLists', status: 'enum:orderStatus', price: 'decimal', retail_price: 'decimal',
    net_amount: 'decimal', discount_amount: 'decimal', tax_rate: 'decimal', price_currency: 'str',
    cancel_status: 'enum:cancelStatus?', image: 'str?', parent: 'ref:orderItems?', attributes: 'object',
    attributes_kwargs: 'object', data_source: 'int?', extra_field: 'object', invoice_date: 'date?',
    invoice_number: 'str?', e_archive_url: 'str?', tracking_url: 'str?', tracking_number: 'str?',
    shipment_code: 'str?', shipping_company: 'str?', external_status: 'int?',
    estimated_delivery_date: 'date?', installment_interest_amount: 'decimal',
    benefitapplicant_set: [
      { id: 'count', order_item: 'count', discount_item: 'count', discount_share: 'decimal', ...dated },
    ],
    ...dated,
  },
  plans: {
    pk: 'key', order: 'ref:orders', status: 'enum:planStatus', plan_type: 'enum:cancellationType',
    created_by: 'count', last_updated_by: 'count', refund_amount: 'decimal',
    discount_refund_amount: 'decimal', shipping_refund_amount: 'decimal', invoice_number: 'str?',
    staff_remote_id: 'str?', retail_store_remote_id: 'str?', order_previous_status: 'enum:orderStatus',
    payment_plan: 'object?', related_cancellationplan: 'ref:plans?', ...dated,
  },
  planItems: {
    pk: 'key', plan: 'ref:plans', order_item: 'ref:orderItems', reason: 'ref:reasons',
    status: 'enum:orderStatus', order_item_previous_status: 'enum:orderStatus', ...dated,
  },
  requests: {
    id: 'key', uuid: 'str', order_item: 'ref:orderItems', reason: 'ref:reasons', description: 'str?',
    cancellation_type: 'enum:cancellationType', status: 'enum:requestStatus', iban: 'str?',
    holder_name: 'str?',
    easy_return: {
      nullable: {
        id: 'count', shipping_company: 'str', code: 'str', start_date: 'date', end_date: 'date',
        max_count: 'int', status: 'str', tracking_number: 'str?', tracking_url: 'str?', ...dated,
      },
    },
    quantity: 'count', fully_refund_as_loyalty_money: 'bool', cancellation_plan: 'ref:plans?',
    '~order_item_previous_status': 'enum:orderStatus', attributes: 'object',
    attributes_kwargs: 'object', localized_attributes: 'object', localized_attributes_kwargs: 'object',
    ...dated,
  },
  // The resource engine's generic rows (issue 20), keyed collection + U+0000 + identity, and its sequences
  // keyed by collection name: the only collections whose keys are strings (`STRING_KEYED`).
  engineRows: { c: 'str', k: 'json', '~scope': 'object', o: 'object' },
  engineSequences: { next: 'count' },
  itemsByOrder: { index: { children: 'orderItems', by: 'order', parent: 'orders' } },
  planItemsByPlan: { index: { children: 'planItems', by: 'plan', parent: 'plans' } },
  plansByOrder: { index: { children: 'plans', by: 'order', parent: 'orders' } },
  requestsByItem: { index: { children: 'requests', by: 'order_item', parent: 'orderItems' } },
};

/** Collections keyed by a non-empty string (at most `MAX_STRING_KEY` characters), not a number. */
export const STRING_KEYED: ReadonlySet<string> = new Set(['engineRows', 'engineSequences']);

/** What is wrong with `key` as a key of `collection` (`"k" must be …`), or null when nothing is. */
export function keyProblem(collection: string, key: unknown): string | null {
  if (STRING_KEYED.has(collection)) {
    const ok = typeof key === 'string' && key.length > 0 && key.length <= MAX_STRING_KEY;
    return ok ? null : `"k" must be a non-empty string of at most ${MAX_STRING_KEY} characters`;
  }
  return typeof key === 'number' && Number.isInteger(key) && key >= 0 ? null : '"k" must be a whole number';
}

/** The collection each tagged resource's ids refer to. */
export const TAGGED_COLLECTIONS: Record<string, string> = {
  cancellation_plan: 'plans',
  cancellation_request: 'requests',
};

/** The shape of a map collection; throws (a start-up error) for a collection nobody declared. */
export function shapeOf(collection: string): Shape | IndexShape {
  const shape = Object.hasOwn(RECORD_SHAPES, collection) ? RECORD_SHAPES[collection] : undefined;
  if (!shape)
    throw new Error(`store collection "${collection}" has no declared record shape (src/persist/record-shapes.ts)`);
  return shape;
}

export function isIndexShape(shape: Shape | IndexShape): shape is IndexShape {
  return 'index' in shape && typeof shape.index === 'object' && !Array.isArray(shape.index) && 'children' in shape.index;
}
