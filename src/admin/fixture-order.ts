import { FIELD_MESSAGES } from '../domain/errors.ts';
import { fromCents, toCents } from '../domain/shared/money.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { insertOrderItem, nextId, type Store } from '../store/store.ts';
import {
  ORDER_STATUS_CODES,
  type BenefitApplicant,
  type Order,
  type OrderItem,
  type OrderStatusCode,
} from '../store/types.ts';

/**
 * Order fixtures (`POST /__mock/fixtures {"kind":"order"}`): an order with single-unit items
 * whose money obeys DOMAIN.md §2 from the start — item discounts are benefit-applicant shares,
 * `order.discount_amount` their sum, `amount = Σ price − discount + shipping`.
 */
export interface OrderFixtureInput {
  items: Array<{ product: number | null; priceCents: number; discountCents: number }>;
  status: OrderStatusCode;
  shippingCents: number;
  customer: number | null;
}

export type FieldErrors = Record<string, string[]>;

/** Codes an order can be created in: any but the ones only a cancellation leads to. */
export const FIXTURE_ORDER_CODES = ORDER_STATUS_CODES.filter(
  (c) => c !== '50' && c !== '100' && c !== '600',
);
const DEFAULT_PRICE_CENTS = 14_990;
const MAX_ITEMS = 50;
const DECIMAL = /^\d{1,10}(\.\d{1,2})?$/;

/** Reads `items`, `status`, `shipping_amount` and `customer`; all optional. */
export function readOrderFixture(
  store: Store,
  body: Record<string, unknown>,
  defaultStatus: OrderStatusCode,
): { input: OrderFixtureInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const items: OrderFixtureInput['items'] = [];
  const raw = body.items ?? 1;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 1 || raw > MAX_ITEMS)
      errors.items = [`Give a whole number from 1 to ${MAX_ITEMS}, or a list of items.`];
    else
      for (let i = 0; i < raw; i += 1)
        items.push({ product: null, priceCents: DEFAULT_PRICE_CENTS, discountCents: 0 });
  } else if (Array.isArray(raw) && raw.length >= 1 && raw.length <= MAX_ITEMS) {
    raw.forEach((item, i) => {
      const line = readItem(store, item);
      if ('error' in line) errors[`items[${i}]`] = [line.error];
      else items.push(line);
    });
  } else
    errors.items = [
      `Give a whole number from 1 to ${MAX_ITEMS}, or a list of 1 to ${MAX_ITEMS} items.`,
    ];
  const status = body.status ?? defaultStatus;
  if (typeof status !== 'string' || !(FIXTURE_ORDER_CODES as readonly string[]).includes(status)) {
    errors.status = [FIELD_MESSAGES.invalidChoice(status)];
  }
  const shipping = body.shipping_amount ?? '0.00';
  if (typeof shipping !== 'string' || !DECIMAL.test(shipping))
    errors.shipping_amount = ['A valid number is required.'];
  const customer = body.customer ?? null;
  if (customer !== null && !(typeof customer === 'number' && store.customers.has(customer))) {
    errors.customer = [FIELD_MESSAGES.pkDoesNotExist(customer)];
  }
  if (customer === null && store.customers.size === 0)
    errors.customer = ['No customer exists to place the order for.'];
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      items,
      status: status as OrderStatusCode,
      shippingCents: toCents(shipping as string),
      customer: customer as number | null,
    },
  };
}

function readItem(
  store: Store,
  item: unknown,
): OrderFixtureInput['items'][number] | { error: string } {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return { error: 'Each item is an object {product?, price?, discount?}.' };
  const {
    product = null,
    price = fromCents(DEFAULT_PRICE_CENTS),
    discount = '0.00',
  } = item as Record<string, unknown>;
  if (product !== null && !(typeof product === 'number' && store.products.has(product)))
    return { error: `product: ${FIELD_MESSAGES.pkDoesNotExist(product)}` };
  if (typeof price !== 'string' || !DECIMAL.test(price) || toCents(price) < 1)
    return { error: 'price: a decimal string of at least "0.01" is required.' };
  if (typeof discount !== 'string' || !DECIMAL.test(discount))
    return { error: 'discount: a valid number is required.' };
  if (toCents(discount) > toCents(price)) return { error: 'discount: may not exceed the price.' };
  return {
    product: product as number | null,
    priceCents: toCents(price),
    discountCents: toCents(discount),
  };
}

/** Creates the order and its items in `store`, stamped with the clock's now. */
export function createOrderFixture(
  store: Store,
  clock: Clock,
  input: OrderFixtureInput,
): { order: Order; items: OrderItem[] } {
  const at = clock.now();
  const customer =
    input.customer !== null
      ? store.customers.get(input.customer)!
      : store.customers.values().next().value!;
  let address = 0;
  for (const a of store.addresses.values())
    if (a.customer === customer.pk) {
      address = a.pk;
      break;
    }
  const products = [...store.products.keys()];
  const subtotal = input.items.reduce((s, i) => s + i.priceCents, 0);
  const discount = input.items.reduce((s, i) => s + i.discountCents, 0);
  const pk = nextId(store, 'orders');
  const order: Order = {
    pk,
    number: uniqueNumber(store, pk),
    status: input.status,
    channel: customer.channel,
    customer: customer.pk,
    currency: 'try',
    date_placed: at,
    amount: fromCents(subtotal - discount + input.shippingCents),
    discount_amount: fromCents(discount),
    shipping_amount: fromCents(input.shippingCents),
    net_shipping_amount: fromCents(input.shippingCents),
    refund_amount: '0.00',
    discount_refund_amount: '0.00',
    shipping_refund_amount: '0.00',
    shipping_interest_amount: '0.00',
    installment_interest_amount: '0.00',
    shipping_tax_rate: null,
    notes: 'Created by POST /__mock/fixtures.',
    is_send: Number(input.status) >= 500,
    segment: null,
    bin_number: null,
    client_type: 'default',
    extra_field: {},
    installment: 67,
    installment_count: 1,
    remote_addr: null,
    has_gift_box: false,
    gift_box_note: null,
    invoice_date: null,
    invoice_number: null,
    e_archive_url: null,
    cargo_company: 1,
    delivery_type: null,
    language_code: 'tr-tr',
    delivery_range: null,
    payment_option: 67,
    payment_option_slug: 'credit_card',
    billing_address: address,
    shipping_address: address,
    external_status: null,
    tracking_number: null,
    checkout_provider_id: null,
    shipping_option_slug: null,
    carrier_shipping_code: null,
    fundstransfertransaction_set: [],
    created_date: at,
    modified_date: at,
  };
  store.orders.set(pk, order);
  const items = input.items.map((line, i) => {
    const itemPk = nextId(store, 'orderItems');
    const shares: BenefitApplicant[] =
      line.discountCents > 0
        ? [
            {
              id: nextId(store, 'benefitApplicants'),
              order_item: itemPk,
              discount_item: 1,
              discount_share: fromCents(line.discountCents),
              created_date: at,
              modified_date: at,
            },
          ]
        : [];
    const item: OrderItem = {
      pk: itemPk,
      order: pk,
      product: line.product ?? products[i % Math.max(products.length, 1)] ?? 0,
      price_list: store.priceLists.keys().next().value ?? 0,
      stock_list: store.stockLists.keys().next().value ?? 0,
      status: input.status,
      price: fromCents(line.priceCents),
      retail_price: fromCents(line.priceCents),
      net_amount: fromCents(line.priceCents),
      discount_amount: fromCents(line.discountCents),
      tax_rate: '20.00',
      price_currency: 'try',
      cancel_status: null,
      image: null,
      parent: null,
      attributes: {},
      attributes_kwargs: {},
      data_source: null,
      extra_field: {},
      invoice_date: null,
      invoice_number: null,
      e_archive_url: null,
      tracking_url: null,
      tracking_number: null,
      shipment_code: null,
      shipping_company: null,
      external_status: null,
      estimated_delivery_date: null,
      installment_interest_amount: '0.00',
      benefitapplicant_set: shares,
      created_date: at,
      modified_date: at,
    };
    insertOrderItem(store, item);
    return item;
  });
  return { order, items };
}

/** A 16-digit order number no other order has (digits, like Omnitron's). */
function uniqueNumber(store: Store, pk: number): string {
  const taken = new Set<string>();
  for (const o of store.orders.values()) taken.add(o.number);
  for (let n = pk; ; n += 1) {
    const number = `7${String(n).padStart(15, '0')}`;
    if (!taken.has(number)) return number;
  }
}
