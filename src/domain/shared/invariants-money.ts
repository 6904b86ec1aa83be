import type { Store } from '../../store/store.ts';
import type { CancellationPlan, Order } from '../../store/types.ts';
import { type InvariantReport, showCents } from './invariant-report.ts';
import { toCents } from '../../common/money.ts';
import { isHoldingPlanStatus } from './plan-cancel-status.ts';

/**
 * DOMAIN.md §2's money rules, exact in cents: item discounts are the sum of their campaign
 * shares, the order's amount and discount follow from its items, each plan's refund follows from
 * its items, and the order's refund amounts are the sums over its completed plans.
 */
export function checkMoney(store: Store, report: InvariantReport): void {
  const priceOf = new Map<number, number>();
  const sharesOf = new Map<number, number>();
  for (const item of store.orderItems.values()) {
    const subject = `order item ${item.pk}`;
    const price = report.cents(subject, 'price', item.price);
    const retail = report.cents(subject, 'retail_price', item.retail_price);
    const net = report.cents(subject, 'net_amount', item.net_amount);
    const discount = report.cents(subject, 'discount_amount', item.discount_amount);
    let shares = 0;
    for (const applicant of item.benefitapplicant_set) {
      const share = report.cents(`${subject}: benefit applicant ${applicant.id}`, 'discount_share', applicant.discount_share);
      if (share !== null && share < 0) report.add(`${subject}: benefit applicant ${applicant.id} has a negative discount_share ${applicant.discount_share}`);
      shares += share ?? 0;
    }
    if (price === null) continue;
    priceOf.set(item.pk, price);
    sharesOf.set(item.pk, shares);
    if (price < 0) report.add(`${subject}: price ${item.price} is negative`);
    if (discount !== null && discount !== shares) report.add(`${subject}: discount_amount ${item.discount_amount} ≠ Σ benefit-applicant shares ${showCents(shares)}`);
    if (shares > price) report.add(`${subject}: discount shares ${showCents(shares)} exceed price ${item.price}`);
    if (net !== null && net !== price) report.add(`${subject}: net_amount ${item.net_amount} ≠ price ${item.price}`);
    if (retail !== null && retail < price) report.add(`${subject}: retail_price ${item.retail_price} < price ${item.price}`);
  }

  const completedByOrder = new Map<number, CancellationPlan[]>();
  const shippingClaims = new Map<number, number[]>();
  for (const plan of store.plans.values()) {
    checkPlan(store, report, plan, priceOf, sharesOf);
    if (plan.status === 'completed') push(completedByOrder, plan.order, plan);
    if (isHoldingPlanStatus(plan.status) && plan.shipping_refund_amount !== '0.00') push(shippingClaims, plan.order, plan.pk);
  }
  for (const order of store.orders.values()) {
    checkOrder(store, report, order, priceOf, sharesOf, completedByOrder.get(order.pk) ?? []);
    const claims = shippingClaims.get(order.pk);
    if (claims && claims.length > 1) {
      report.add(`order ${order.pk}: shipping is refunded by ${claims.length} plans that are not rejected/cancelled (${claims.join(', ')})`);
    }
  }
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function checkOrder(
  store: Store, report: InvariantReport, order: Order,
  priceOf: Map<number, number>, sharesOf: Map<number, number>, completed: CancellationPlan[],
): void {
  const subject = `order ${order.pk}`;
  const amount = report.cents(subject, 'amount', order.amount);
  const discount = report.cents(subject, 'discount_amount', order.discount_amount);
  const shipping = report.cents(subject, 'shipping_amount', order.shipping_amount);
  let prices = 0;
  let shares = 0;
  for (const pk of store.itemsByOrder.get(order.pk) ?? []) {
    prices += priceOf.get(pk) ?? 0;
    shares += sharesOf.get(pk) ?? 0;
  }
  if (discount !== null && discount !== shares) report.add(`${subject}: discount_amount ${order.discount_amount} ≠ Σ item discount shares ${showCents(shares)}`);
  if (amount !== null && discount !== null && shipping !== null && amount !== prices - discount + shipping) {
    report.add(`${subject}: amount ${order.amount} ≠ Σ item prices ${showCents(prices)} − discount_amount ${order.discount_amount} + shipping_amount ${order.shipping_amount} = ${showCents(prices - discount + shipping)}`);
  }
  for (const field of ['refund_amount', 'discount_refund_amount', 'shipping_refund_amount'] as const) {
    const stored = report.cents(subject, field, order[field]);
    // Plans' own malformed amounts are reported by checkPlan; here they count as zero.
    let sum = 0;
    for (const plan of completed) sum += quietCents(plan[field]);
    if (stored !== null && stored !== sum) report.add(`${subject}: ${field} ${order[field]} ≠ Σ completed plans ${showCents(sum)}`);
    if (field === 'refund_amount' && stored !== null && amount !== null && stored > amount) {
      report.add(`${subject}: refund_amount ${order.refund_amount} > amount ${order.amount}`);
    }
  }
}

function quietCents(value: string): number {
  try {
    return toCents(value);
  } catch {
    return 0;
  }
}

function checkPlan(
  store: Store, report: InvariantReport, plan: CancellationPlan,
  priceOf: Map<number, number>, sharesOf: Map<number, number>,
): void {
  const subject = `plan ${plan.pk}`;
  const order = store.orders.get(plan.order);
  const refund = report.cents(subject, 'refund_amount', plan.refund_amount);
  const discount = report.cents(subject, 'discount_refund_amount', plan.discount_refund_amount);
  const shipping = report.cents(subject, 'shipping_refund_amount', plan.shipping_refund_amount);
  let prices = 0;
  let shares = 0;
  for (const pk of store.planItemsByPlan.get(plan.pk) ?? []) {
    const line = store.planItems.get(pk);
    if (!line) continue;
    prices += priceOf.get(line.order_item) ?? 0;
    shares += sharesOf.get(line.order_item) ?? 0;
  }
  if (discount !== null && discount !== shares) report.add(`${subject}: discount_refund_amount ${plan.discount_refund_amount} ≠ Σ its items' discount shares ${showCents(shares)}`);
  if (shipping !== null && order) {
    if (shipping !== 0 && shipping !== quietCents(order.shipping_amount)) {
      report.add(`${subject}: shipping_refund_amount ${plan.shipping_refund_amount} is neither 0.00 nor order ${order.pk}'s shipping_amount ${order.shipping_amount}`);
    }
  }
  if (refund !== null && discount !== null && shipping !== null && refund !== prices - discount + shipping) {
    report.add(`${subject}: refund_amount ${plan.refund_amount} ≠ Σ item prices ${showCents(prices)} − discount_refund_amount ${plan.discount_refund_amount} + shipping_refund_amount ${plan.shipping_refund_amount} = ${showCents(prices - discount + shipping)}`);
  }
}
