import { planAmounts } from '../domain/plans/plan-money.ts';
import { makeTurkishIban } from '../common/iban.ts';
import { toCents } from '../common/money.ts';
import { cancelStatusForPlan, isOpenPlanStatus, targetCodeOf } from '../domain/shared/plan-cancel-status.ts';
import type { CancellationType, OrderStatusCode, PlanStatus, RequestStatus } from '../store/types.ts';
import type { SeedContext } from './seed-context.ts';
import type { Drafts, ItemDraft, OrderDraft, PlanDraft, RefundField, RelativeUs, RequestDraft } from './seed-drafts.ts';
import { sharesCents } from './seed-orders.ts';
import { REQUEST_DESCRIPTIONS } from './seed-pools.ts';
import { US } from './seed-random.ts';
import { EMPTY_OBJECT, flat, money } from './seed-strings.ts';

/**
 * One cancellation episode at a time, applied to the order's items exactly as DOMAIN.md §3–§4
 * would leave them: a request (waiting, confirmed, rejected), a plan (created directly, like seed
 * 003, or by approving a request), and the item and order state each final status leaves behind.
 */

const BANKS = ['00010', '00012', '00015', '00046', '00062', '00064', '00067', '00111', '00134', '00206'];
const RETURN_SHIPPERS = ['yurtici', 'aras', 'mng', 'ptt', 'surat'];
const RETURN_PREFIX: Record<string, string> = { yurtici: 'YK', aras: 'AR', mng: 'MN', ptt: 'PT', surat: 'SR' };
const SOURCES = ['mobile_app', 'web', 'call_center'];
const STORES = ['102341', '104577', '110032', '120019', '123456', '130884'];
const REFUND_FIELDS: readonly RefundField[] = ['refund_amount', 'discount_refund_amount', 'shipping_refund_amount'];

/** Draws how long a plan in `status` has been moving since it was created. */
function planDuration(ctx: SeedContext, status: PlanStatus, direct: boolean): number {
  const { random } = ctx;
  // Seed 003: a direct cancellation is created already completed, 32 µs between the two stamps.
  if (status === 'waiting' || (direct && status === 'completed' && random.chance(0.4))) return random.int(10, 90);
  return random.int(30 * US.minute, 4 * US.day);
}

/** How a plan begins: its type and final status, its items, when, and what it relates to. */
export interface PlanOptions {
  type: CancellationType;
  status: PlanStatus;
  items: ItemDraft[];
  reason: number;
  created: RelativeUs;
  /** The order's code when the plan began (`order_previous_status`). */
  orderPrevious: OrderStatusCode;
  /** Overrides the items' previous code (an early cancel in a later-delivered order). */
  itemPrevious?: OrderStatusCode;
  related: PlanDraft | null;
  direct: boolean;
  loyalty: boolean;
}

/** Creates a plan draft and leaves its items, and the order's refund sums, where its status puts them. */
export function draftPlan(ctx: SeedContext, drafts: Drafts, order: OrderDraft, o: PlanOptions): PlanDraft {
  const { random, catalog } = ctx;
  const modified = o.created + planDuration(ctx, o.status, o.direct);
  // DOMAIN.md §2's plan money, the one formula request approval uses too (domain/plans/plan-money.ts),
  // given the items' sums as one line: the same amounts, without an object per item.
  let priceCents = 0;
  let discountCents = 0;
  for (const item of o.items) {
    priceCents += item.priceCents;
    discountCents += sharesCents(item);
  }
  // `money`: one shared string per amount (a plan of one item refunds its price, and the shipping
  // fees are a few): ~2 strings a plan fewer for V8 to mark in every full collection.
  const amounts = planAmounts([{ priceCents, discountCents }], takesLastOpen(order, o.items) ? toCents(order.order.shipping_amount) : 0, money);
  const creator = random.pick(catalog.staff);
  const { channelType } = order.customer;
  const plan: PlanDraft = {
    plan: {
      pk: 0, order: 0, status: o.status, plan_type: o.type, created_by: creator,
      last_updated_by: o.status === 'waiting' || random.chance(0.6) ? creator : random.pick(catalog.staff),
      created_date: '', modified_date: '',
      // Spelled out, not `...amounts`: a spread inside the literal builds every plan through a
      // slower path, into a shape that keeps its later fields out of line (a second object).
      refund_amount: amounts.refund_amount, discount_refund_amount: amounts.discount_refund_amount,
      shipping_refund_amount: amounts.shipping_refund_amount,
      invoice_number: o.type === 'refund' && o.status === 'completed' && random.chance(0.5) ? flat(`IAD${2024 + random.int(0, 1)}${random.digits(9)}`) : null,
      staff_remote_id: random.chance(0.15) ? String(random.int(100000, 999999)) : null,
      retail_store_remote_id: channelType === 'sales_channel' && random.chance(0.8) ? random.pick(STORES) : null,
      order_previous_status: o.orderPrevious, payment_plan: null, related_cancellationplan: null,
    },
    order,
    items: o.items,
    reason: o.reason,
    itemPrevious: o.itemPrevious ?? null,
    related: o.related,
    created: o.created,
    modified,
    paymentPlan: o.type === 'refund' && (o.status === 'completed' || o.status === 'waiting_for_payment') && random.chance(0.4)
      ? (o.loyalty ? 'loyalty_money' : 'refund') : null,
    index: drafts.plans.length,
  };
  drafts.plans.push(plan);
  for (const item of o.items) {
    item.touched = Math.max(item.touched, modified + random.int(100, 9000));
    item.item.cancel_status = cancelStatusForPlan(o.status);
    if (o.status === 'completed') {
      item.item.status = targetCodeOf(o.type);
      item.closed = true;
      item.held = false;
    } else if (isOpenPlanStatus(o.status)) {
      item.item.status = '50';
      item.held = true;
    } else {
      item.item.status = o.itemPrevious ?? item.base;
      item.held = false;
    }
  }
  if (o.status === 'completed') {
    // Summed in cents on the draft: parsing the order's own text back each time cost a regex.
    const sums = (order.refunded ??= { refund_amount: 0, discount_refund_amount: 0, shipping_refund_amount: 0 });
    for (const field of REFUND_FIELDS) {
      sums[field] += toCents(plan.plan[field]);
      order.order[field] = money(sums[field]);
    }
  }
  order.touched = Math.max(order.touched, modified);
  return plan;
}

/** True when `items` include every item of the order still open (the plan refunds the shipping). */
function takesLastOpen(order: OrderDraft, items: readonly ItemDraft[]): boolean {
  for (const item of order.items) if (!item.closed && !items.includes(item)) return false;
  return true;
}

/** The request status a plan leaves behind it (DOMAIN.md §3–§4). */
export function requestStatusForPlan(status: PlanStatus): RequestStatus {
  if (status === 'completed') return 'completed';
  if (status === 'rejected' || status === 'cancelled') return 'rejected';
  return 'approved';
}

/** How a request begins: its type, its item, when, and where it stopped. */
export interface RequestOptions {
  type: CancellationType;
  item: ItemDraft;
  created: RelativeUs;
  /** For a request that never reached a plan: where it stopped. */
  status: 'waiting' | 'confirmed' | 'rejected' | 'approved';
}

/** Creates a request draft; an `approved` one gets its plan from the caller, which then settles the final status. */
export function draftRequest(ctx: SeedContext, drafts: Drafts, o: RequestOptions): RequestDraft {
  const { random, catalog } = ctx;
  const { item } = o;
  const { customer } = item.order.customer;
  const loyalty = o.type === 'refund' && random.chance(0.15);
  const bank = o.type === 'refund' && !loyalty;
  const maxQuantity = typeof item.item.extra_field.quantity === 'number' ? item.item.extra_field.quantity : 1;
  const modified = o.status === 'waiting' ? o.created + random.int(5, 900)
    : o.status === 'approved' ? o.created + random.int(30 * US.minute, 2 * US.day)
    : o.created + random.int(US.hour, 3 * US.day);
  const shipper = random.pick(RETURN_SHIPPERS);
  const request: RequestDraft = {
    request: {
      id: 0, uuid: random.uuid(), order_item: 0, reason: random.pick(catalog.reasons[o.type]),
      description: random.chance(0.4) ? random.pick(REQUEST_DESCRIPTIONS) : null,
      cancellation_type: o.type, status: o.status,
      iban: bank ? flat(makeTurkishIban(`${random.pick(BANKS)}0${random.digits(16)}`)) : null,
      holder_name: bank ? flat(`${customer.first_name} ${customer.last_name}`) : null,
      easy_return: null, quantity: maxQuantity > 1 ? random.int(1, maxQuantity) : 1,
      fully_refund_as_loyalty_money: loyalty, cancellation_plan: null, order_item_previous_status: item.base,
      attributes: random.chance(0.25) ? { source: random.pick(SOURCES) } : EMPTY_OBJECT,
      attributes_kwargs: EMPTY_OBJECT, localized_attributes: EMPTY_OBJECT, localized_attributes_kwargs: EMPTY_OBJECT,
      created_date: '', modified_date: '',
    },
    item,
    plan: null,
    created: o.created,
    modified,
    easyReturn: o.type === 'refund' && random.chance(0.4)
      ? { company: shipper, code: flat(`${RETURN_PREFIX[shipper]}${random.digits(8)}`), status: o.status === 'rejected' ? 'cancelled' : 'active', trackingNumber: null }
      : null,
    index: drafts.requests.length,
  };
  drafts.requests.push(request);
  item.touched = Math.max(item.touched, modified);
  item.order.touched = Math.max(item.order.touched, modified);
  if (o.status === 'rejected') {
    item.item.status = item.base;
    item.item.cancel_status = 'rejected';
    item.held = false;
  } else {
    item.item.status = '50';
    item.item.cancel_status = o.status === 'approved' ? 'approved' : o.status;
    item.held = true;
  }
  return request;
}

/** Ties an approved request to the plan made from it, and lets the plan's fate settle the request's. */
export function settleRequest(ctx: SeedContext, request: RequestDraft, plan: PlanDraft): void {
  const status = requestStatusForPlan(plan.plan.status);
  request.plan = plan;
  request.request.status = status;
  if (status !== 'approved') request.modified = plan.modified + ctx.random.int(50, 5000);
  if (request.easyReturn) {
    const er = request.easyReturn;
    er.status = status === 'rejected' ? 'cancelled' : 'used';
    er.trackingNumber = ctx.random.digits(12);
  }
  request.item.touched = Math.max(request.item.touched, request.modified);
  request.item.order.touched = Math.max(request.item.order.touched, request.modified);
}
