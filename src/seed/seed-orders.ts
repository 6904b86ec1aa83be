import { fromCents } from '../common/money.ts';
import type { Order, OrderItem, OrderStatusCode } from '../store/types.ts';
import type { SeededCustomer } from './seed-customers.ts';
import type { SeedContext } from './seed-context.ts';
import type { ItemDraft, OrderDraft, RelativeUs } from './seed-drafts.ts';
import { ORDER_NOTES } from './seed-pools.ts';
import { EMPTY_LIST, EMPTY_OBJECT, flat, money } from './seed-strings.ts';

/**
 * Orders and their single-unit items, with money that obeys DOMAIN.md §2 from the start:
 * item `discount_amount` = Σ its benefit-applicant shares, order `discount_amount` = Σ over its
 * items, `amount` = Σ price − discount + shipping. Cancellations change only the refund amounts
 * and statuses later (`seed-history.ts`).
 */

/** Before shipping (cancellable), in transit, or delivered (refundable). */
export type OrderKind = 'unshipped' | 'transit' | 'delivered';

const UNSHIPPED: ReadonlyArray<readonly [OrderStatusCode, number]> = [['400', 55], ['450', 15], ['350', 10], ['300', 10], ['200', 10]];
const TRANSIT: ReadonlyArray<readonly [OrderStatusCode, number]> = [['500', 40], ['510', 35], ['520', 10], ['540', 15]];
const SHIPPERS: readonly string[] = ['aras', 'yurtici', 'mng', 'ptt', 'surat', 'ups'];
const TRACKING_URL: Record<string, string> = {
  aras: 'https://kargotakip.araskargo.com.tr/mainpage.aspx?code=',
  yurtici: 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=',
  mng: 'https://www.mngkargo.com.tr/gonderi-takip/?code=',
  ptt: 'https://gonderitakip.ptt.gov.tr/Track/Verify?q=',
  surat: 'https://www.suratkargo.com.tr/KargoTakip/?kargotakipno=',
  ups: 'https://www.ups.com.tr/WaybillSorgu.aspx?Waybill=',
  tyexpress: 'https://kargotakip.trendyol.com/?orderNumber=',
  hbexpress: 'https://www.hepsijet.com/gonderi-takibi/',
};
const PAYMENTS: ReadonlyArray<readonly [readonly [number, string], number]> = [[[67, 'credit_card'], 80], [[68, 'funds_transfer'], 8], [[69, 'pay_on_delivery'], 7], [[70, 'masterpass'], 5]];
const CLIENT_TYPES = [['default', 60], ['android', 20], ['ios', 18], ['b2b', 2]] as const;
const INSTALLMENTS = [[1, 70], [3, 15], [6, 10], [9, 5]] as const;
const SALE_FACTORS = [[1, 50], [0.9, 10], [0.8, 12], [0.7, 10], [0.6, 8], [0.5, 10]] as const;
const DISCOUNT_MODES = [['percent', 55], ['coupon', 35], ['both', 10]] as const;
const SHIPPING_OPTIONS = ['standart-teslimat', 'hizli-teslimat', 'ayni-gun-teslimat'];
const SHIPPING_CENTS = [2999, 3499, 3990, 900];

/**
 * Drafts an order of `kind` for `customer`: one item per unit of each line, campaign shares, and
 * the amounts that follow from them. Dates and pks come at commit.
 */
export function draftOrder(ctx: SeedContext, kind: OrderKind, customer: SeededCustomer, units: number[], index: number): OrderDraft {
  const { random, catalog } = ctx;
  const { channelType } = customer;
  const eur = channelType === 'web' && random.chance(0.06);
  const inStore = channelType === 'sales_channel';
  const code: OrderStatusCode = kind === 'delivered' ? '550' : random.weighted(kind === 'transit' ? TRANSIT : UNSHIPPED);
  const [paymentPk, paymentSlug] = random.weighted(PAYMENTS);
  const address = random.pick(customer.addresses);
  const order: Order = {
    pk: 0, number: orderNumber(ctx), status: code, channel: customer.customer.channel, customer: customer.customer.pk,
    currency: eur ? 'eur' : 'try', date_placed: '', amount: '0.00', discount_amount: '0.00',
    shipping_amount: '0.00', net_shipping_amount: '0.00', refund_amount: '0.00', discount_refund_amount: '0.00',
    shipping_refund_amount: '0.00', shipping_interest_amount: '0.00', installment_interest_amount: '0.00',
    shipping_tax_rate: random.chance(0.3) ? '20.00' : null,
    notes: random.chance(0.08) ? random.pick(ORDER_NOTES) : null,
    is_send: kind !== 'unshipped' || code === '450', segment: null,
    bin_number: paymentSlug === 'credit_card' && random.chance(0.6) ? `${random.pick(['454360', '540667', '479794', '552608', '402277'])}` : null,
    client_type: inStore ? 'instore' : random.weighted(CLIENT_TYPES),
    extra_field: EMPTY_OBJECT, installment: random.int(60, 80),
    installment_count: paymentSlug === 'credit_card' ? random.weighted(INSTALLMENTS) : 1,
    remote_addr: inStore ? null : random.pick(ctx.pools.ips), has_gift_box: false, gift_box_note: null,
    invoice_date: null, invoice_number: null, e_archive_url: null, cargo_company: random.int(1, 6),
    delivery_type: inStore ? 'in_store' : random.chance(0.5) ? 'standard' : null,
    language_code: eur ? 'en-us' : 'tr-tr', delivery_range: null, payment_option: paymentPk,
    payment_option_slug: paymentSlug, billing_address: address, shipping_address: random.chance(0.9) ? address : random.pick(customer.addresses),
    external_status: null, tracking_number: null, checkout_provider_id: null,
    shipping_option_slug: !inStore && random.chance(0.4) ? random.pick(SHIPPING_OPTIONS) : null,
    carrier_shipping_code: null, fundstransfertransaction_set: EMPTY_LIST, created_date: '', modified_date: '',
  };
  if (random.chance(0.04)) {
    order.has_gift_box = true;
    order.gift_box_note = 'İyi ki doğdun! Sevgilerle.';
  }
  const draft: OrderDraft = { order, customer, items: [], placedUs: 0, touched: 0, shippedAt: null, index, refunded: null };
  for (const count of units) {
    const product = random.pick(ctx.products);
    const priceCents = salePrice(ctx, product.retailCents, eur);
    const retailCents = eur ? euroPrice(product.retailCents) : product.retailCents;
    for (let u = 0; u < count; u += 1) {
      draft.items.push(draftItem(ctx, draft, product.product.pk, priceCents, Math.max(retailCents, priceCents), product.vatRate, eur, inStore));
    }
  }
  // Trimmed to its length: a pushed array keeps room for 17, and the draft lives until the
  // commit (some 15 MB that every young-generation collection copied, at 100,000 plans).
  draft.items = draft.items.slice();
  applyDiscounts(ctx, draft, eur);
  let subtotal = 0;
  let discount = 0;
  for (const item of draft.items) {
    subtotal += item.priceCents;
    discount += sharesCents(item);
  }
  const free = inStore || subtotal - discount >= (eur ? 5000 : 50000);
  const shipping = free ? 0 : eur ? 499 : random.pick(SHIPPING_CENTS);
  order.amount = fromCents(subtotal - discount + shipping);
  // `money`, not `fromCents`: the same text, shared (two orders in three have no discount).
  order.discount_amount = money(discount);
  order.shipping_amount = money(shipping);
  order.net_shipping_amount = order.shipping_amount;
  return draft;
}

function draftItem(ctx: SeedContext, order: OrderDraft, product: number, priceCents: number, retailCents: number, vatRate: string, eur: boolean, inStore: boolean): ItemDraft {
  const { random, catalog } = ctx;
  const price = money(priceCents);
  const item: OrderItem = {
    pk: 0, order: 0, product, price_list: eur ? catalog.priceLists.eur : catalog.priceLists.try,
    stock_list: inStore ? catalog.stockLists.store : catalog.stockLists.shop, status: order.order.status,
    price, retail_price: money(retailCents), net_amount: price,
    discount_amount: '0.00', tax_rate: vatRate, price_currency: order.order.currency, cancel_status: null,
    image: null, parent: null, attributes: EMPTY_OBJECT, attributes_kwargs: EMPTY_OBJECT, data_source: null,
    // A few legacy multi-unit rows: the only items a request may cancel more than one of.
    extra_field: random.chance(0.03) ? { quantity: random.int(2, 3) } : EMPTY_OBJECT,
    invoice_date: null, invoice_number: null, e_archive_url: null, tracking_url: null, tracking_number: null,
    shipment_code: null, shipping_company: null, external_status: null, estimated_delivery_date: null,
    installment_interest_amount: '0.00', benefitapplicant_set: NO_APPLICANTS, created_date: '', modified_date: '',
  };
  return { item, order, base: order.order.status, shares: NO_SHARES, priceCents, closed: false, held: false, touched: 0, shippedAt: null };
}

/** Seed 003 sells a 449.00 shirt at 224.50: sale prices are list prices times a campaign factor. */
function salePrice(ctx: SeedContext, retailCents: number, eur: boolean): number {
  const factor = ctx.random.weighted(SALE_FACTORS);
  const cents = Math.round(retailCents * factor);
  return eur ? euroPrice(cents) : cents;
}

function euroPrice(tryCents: number): number {
  return Math.max(499, Math.round(tryCents / 3600) * 100 - 1);
}

/** Campaign shares (`benefitapplicant_set`): a percentage on every item, a coupon spread by price, or both. */
function applyDiscounts(ctx: SeedContext, draft: OrderDraft, eur: boolean): void {
  const { random } = ctx;
  if (!random.chance(0.35)) return;
  const mode = random.weighted(DISCOUNT_MODES);
  if (mode !== 'coupon') {
    const pct = random.pick([10, 15, 20, 25, 30, 40, 50]);
    const campaign = random.int(1, 400);
    for (const item of draft.items) addShare(item, campaign, Math.floor((item.priceCents * pct) / 100));
  }
  if (mode !== 'percent') {
    const left = draft.items.map((i) => i.priceCents - sharesCents(i));
    const total = left.reduce((a, b) => a + b, 0);
    const coupon = Math.min(random.pick(eur ? [500, 1000, 1500] : [5000, 7500, 10000, 15000, 25000]), Math.floor(total * 0.9));
    const campaign = random.int(401, 600);
    let given = 0;
    draft.items.forEach((item, i) => {
      const last = i === draft.items.length - 1;
      const cents = last ? coupon - given : Math.floor((coupon * left[i]!) / total);
      given += cents;
      if (cents > 0) addShare(item, campaign, cents);
    });
  }
  for (const item of draft.items) item.item.discount_amount = money(sharesCents(item));
}

/** The sum of an item's campaign shares, in cents (its `discount_amount`). */
export function sharesCents(item: ItemDraft): number {
  let cents = 0;
  for (const share of item.shares) cents += share.cents;
  return cents;
}

/** Shared placeholders: most items have no campaign share (`addShare` never writes into them). */
const NO_SHARES: ItemDraft['shares'] = [];
const NO_APPLICANTS: OrderItem['benefitapplicant_set'] = [];

/** Adds a campaign share; `concat` keeps the array its exact length, where a push leaves room for 17. */
function addShare(item: ItemDraft, discountItem: number, cents: number): void {
  item.shares = item.shares.concat({ discountItem, cents });
}

function orderNumber(ctx: SeedContext): string {
  let number: string;
  do number = ctx.random.digits(15, ctx.random.int(1, 9));
  while (!ctx.orderNumbers.add(number));
  return number;
}

/** Marks items as handed to a carrier (tracking, invoice) and, when `deliveredAt` is set, delivered. */
export function shipItems(ctx: SeedContext, draft: OrderDraft, items: ItemDraft[], shippedAt: RelativeUs, deliveredAt: RelativeUs | null, code: OrderStatusCode): void {
  const { random } = ctx;
  const { channelType } = draft.customer;
  const company = channelType === 'trendyol' && random.chance(0.5) ? 'tyexpress'
    : channelType === 'hepsiburada' && random.chance(0.5) ? 'hbexpress' : random.pick(SHIPPERS);
  const tracking = random.digits(company === 'aras' ? 13 : 12);
  const invoice = flat(`AKN${2023 + random.int(0, 2)}${random.digits(9)}`);
  // One parcel per order: its items share the shipment, the tracking number and the invoice.
  const shipment = flat(`SHP${random.digits(8)}`);
  const trackingUrl = flat(`${TRACKING_URL[company] ?? TRACKING_URL.aras}${tracking}`);
  draft.shippedAt = shippedAt;
  draft.order.tracking_number = tracking;
  draft.order.invoice_number = invoice;
  draft.order.e_archive_url = flat(`https://e-arsiv.akinon.net/fatura/${invoice}.pdf`);
  draft.order.carrier_shipping_code = random.chance(0.3) ? company.toUpperCase() : null;
  for (const item of items) {
    item.base = code;
    item.item.status = code;
    item.item.shipping_company = company;
    item.item.tracking_number = tracking;
    item.item.tracking_url = trackingUrl;
    item.item.shipment_code = shipment;
    item.item.invoice_number = invoice;
    item.item.e_archive_url = draft.order.e_archive_url;
    item.shippedAt = shippedAt;
    item.touched = Math.max(item.touched, deliveredAt ?? shippedAt);
  }
  draft.order.status = code;
  draft.touched = Math.max(draft.touched, deliveredAt ?? shippedAt);
}
