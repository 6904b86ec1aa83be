import type { SeededCustomer } from './seed-customers.ts';
import type {
  CancellationPlan,
  CancellationRequest,
  Order,
  OrderItem,
  OrderStatusCode,
} from '../store/types.ts';

/**
 * The seed builds the object graph in two passes. First each order's whole story is drawn —
 * items, money, and every request and plan in time order — with times relative to the moment the
 * order was placed. Only then is each order placed in time, and pks are handed out in time order
 * (orders by `date_placed`, plans and requests by `created_date`), the way a real database fills
 * up. A draft is scratch for its order's story; what the commit needs of it is added to a
 * `SeedLedger` (`seed-ledger.ts`), which carries it between the two passes; `pk`, foreign keys to
 * not-yet-numbered objects and dates are filled in by `commitDrafts`.
 */

/** Times inside a draft are microseconds after the order's `date_placed`. */
export type RelativeUs = number;

/** An order item on its way, with the simulation state its episodes read and write. */
export interface ItemDraft {
  item: OrderItem;
  order: OrderDraft;
  /** The item's code before any cancellation began (`"400"`, `"550"`, …). */
  base: OrderStatusCode;
  /** Benefit-applicant shares in kuruş/cents, with the campaign (`discount_item`) each came from. */
  shares: Array<{ discountItem: number; cents: number }>;
  priceCents: number;
  /** Simulation state: cancelled/refunded for good, or held by an open plan or request. */
  closed: boolean;
  held: boolean;
  /** Last time anything happened to the item (its `modified_date`). */
  touched: RelativeUs;
  shippedAt: RelativeUs | null;
}

/** An order on its way: its items, and how long its story runs. */
export interface OrderDraft {
  order: Order;
  /** Who placed it: requests read the names, plans and parcels the channel type. */
  customer: SeededCustomer;
  items: ItemDraft[];
  /** Absolute epoch µs of `date_placed`; set once the whole story is known. */
  placedUs: number;
  touched: RelativeUs;
  shippedAt: RelativeUs | null;
  /** Sequence number of generation, the tie-breaker when two orders share a `date_placed`. */
  index: number;
  /** The order's refund sums in kuruş/cents once a plan completed (its fields hold them as text). */
  refunded: Record<RefundField, number> | null;
}

/** The order fields a completed plan adds its amounts to. */
export type RefundField = 'refund_amount' | 'discount_refund_amount' | 'shipping_refund_amount';

/** A plan on its way, holding references where the stored plan will hold pks. */
export interface PlanDraft {
  plan: CancellationPlan;
  order: OrderDraft;
  /**
   * The items it takes, all cancelled for `reason`. No per-item line objects: some 115,000 of
   * them lived until the commit only to repeat `reason` and the previous code.
   */
  items: ItemDraft[];
  reason: number;
  /**
   * Each item's code before the plan (`order_item_previous_status`): this, or else the item's
   * `base`. Read at commit, `base` is still what it was when the plan was drafted: shipping moves
   * every open item at once and comes before every plan but the early cancel, which sets this.
   */
  itemPrevious: OrderStatusCode | null;
  related: PlanDraft | null;
  created: RelativeUs;
  modified: RelativeUs;
  /** Stores a `payment_plan` naming the plan's order items once their pks are known. */
  paymentPlan: 'refund' | 'loyalty_money' | null;
  index: number;
}

/** A request on its way, tied to its item and (once approved) its plan by reference. */
export interface RequestDraft {
  request: CancellationRequest;
  item: ItemDraft;
  plan: PlanDraft | null;
  created: RelativeUs;
  modified: RelativeUs;
  /** The easy-return window and shipment, dated at commit. */
  easyReturn: { company: string; code: string; status: string; trackingNumber: string | null } | null;
  index: number;
}

/**
 * The plans and requests one order's story drafted, in generation order: scratch, read until the
 * order is stamped; `SeedLedger` keeps what the commit needs of them (`orders` is unused).
 */
export interface Drafts {
  orders: OrderDraft[];
  plans: PlanDraft[];
  requests: RequestDraft[];
}
