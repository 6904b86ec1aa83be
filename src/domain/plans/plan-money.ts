import { fromCents, toCents } from '../../common/money.ts';
import { isClosedItemCode } from '../shared/plan-cancel-status.ts';
import { orderItemsOf, type Store } from '../../store/store.ts';
import type { CancellationPlan, Decimal, OrderItem } from '../../store/types.ts';

/**
 * A plan's three amounts (DOMAIN.md §2), written once so that every code that makes a plan — the
 * seed, request approval, fixtures — computes them alike, in whole cents:
 * `discount_refund_amount = Σ` the items' discount shares (`benefitapplicant_set`),
 * `shipping_refund_amount` = the order's shipping when the plan takes the order's last open
 * items (none left that is not cancelled or refunded), else 0, and
 * `refund_amount = Σ item.price − discount_refund_amount + shipping_refund_amount`.
 */

export type PlanAmounts = Pick<
  CancellationPlan,
  'refund_amount' | 'discount_refund_amount' | 'shipping_refund_amount'
>;

/** One item of a plan, in cents: its price and the sum of its discount shares. */
export interface PlanLineCents {
  priceCents: number;
  discountCents: number;
}

/**
 * The amounts from cents already summed per item. `shippingCents` is the order's shipping when
 * the plan takes the order's last open items, else 0 (the caller knows which).
 * @example planAmounts([{ priceCents: 22450, discountCents: 22001 }], 900) // refund 13.49
 */
export function planAmounts(
  lines: readonly PlanLineCents[],
  shippingCents: number,
  /** Makes each amount's text (the seed passes its pool, which shares one string per amount). */
  amountOf: (cents: number) => Decimal = amount,
): PlanAmounts {
  let price = 0;
  let discount = 0;
  for (const line of lines) {
    price += line.priceCents;
    discount += line.discountCents;
  }
  return {
    refund_amount: amountOf(price - discount + shippingCents),
    discount_refund_amount: amountOf(discount),
    shipping_refund_amount: amountOf(shippingCents),
  };
}

/** `fromCents(0)`, made once: most plans refund no discount and no shipping. */
const ZERO: Decimal = fromCents(0);

/**
 * `fromCents`, answering the one shared `"0.00"` for zero: the 100,000-plan seed asked for some
 * 200,000 zero amounts, each a string of its own in the heap until then. Same text either way.
 */
function amount(cents: number): Decimal {
  return cents === 0 ? ZERO : fromCents(cents);
}

/** An order item's price and discount shares in cents. */
export function lineCentsOf(item: OrderItem): PlanLineCents {
  let discountCents = 0;
  for (const share of item.benefitapplicant_set) discountCents += toCents(share.discount_share);
  return { priceCents: toCents(item.price), discountCents };
}

/**
 * The amounts of a new plan taking `items` (all of one order) as the store stands now: the
 * shipping is refunded when every other item of the order is already cancelled or refunded.
 */
export function planAmountsFor(store: Store, items: readonly OrderItem[]): PlanAmounts {
  const first = items[0];
  if (!first) return planAmounts([], 0);
  const order = store.orders.get(first.order)!;
  const taken = new Set(items.map((i) => i.pk));
  const takesLast = orderItemsOf(store, order.pk).every(
    (i) => taken.has(i.pk) || isClosedItemCode(i.status),
  );
  return planAmounts(items.map(lineCentsOf), takesLast ? toCents(order.shipping_amount) : 0);
}
