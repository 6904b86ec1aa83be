import type { CancellationPlan, CancellationRequest, Order, OrderItem, OrderStatusCode } from '../store/types.ts';
import type { Drafts, OrderDraft, RequestDraft } from './seed-drafts.ts';

/**
 * What the commit needs of every drafted order, plan and request, kept in columns from the moment
 * each order's story is stamped until the commit numbers them (`seed-commit.ts`).
 *
 * The drafts themselves (an order's items, its plans' and requests' wrappers, the campaign shares,
 * the items' simulation state) are only read while their own order is drafted. Kept in one list
 * for the commit they lived through the whole drafting — seconds of young-generation collections —
 * so they were promoted and died old: at 100,000 plans ~100 MB of the seed's ~160 MB of garbage at
 * ready, which waits for the first full mark (issue 26's RSS ≤ 1 GiB; seventeenth session, rss).
 * Here each order's drafts are scratch (`seedSteps` hands every order a fresh `Drafts`) and die
 * young; what outlives them is the records the store keeps anyway, and a few numbers and
 * references a row in plain arrays — doubles unboxed, no object a row.
 */
export class SeedLedger {
  /** Orders in generation order; each one's items are `items[itemEnd[i-1] … itemEnd[i])`. */
  readonly orders = new Column<Order>();
  readonly placed = new Column<number>();
  readonly items = new Column<OrderItem>();
  readonly itemEnd = new Column<number>();

  /** Plans in generation order; each one's items are `planItems[planItemEnd[i-1] … planItemEnd[i])`. */
  readonly plans = new Column<CancellationPlan>();
  /** The plan's order's `placedUs`, and its own times relative to it (`PlanDraft.created`, `.modified`). */
  readonly planPlaced = new Column<number>();
  readonly planCreated = new Column<number>();
  readonly planModified = new Column<number>();
  readonly planOrder = new Column<Order>();
  readonly planRelated = new Column<CancellationPlan | null>();
  readonly planReason = new Column<number>();
  readonly planPayment = new Column<'refund' | 'loyalty_money' | null>();
  readonly planItems = new Column<OrderItem>();
  /** Each plan item's `order_item_previous_status`, as the draft gives it (`itemPrevious ?? base`). */
  readonly planPrevious = new Column<OrderStatusCode>();
  readonly planItemEnd = new Column<number>();

  /** Requests in generation order. */
  readonly requests = new Column<CancellationRequest>();
  readonly requestPlaced = new Column<number>();
  readonly requestCreated = new Column<number>();
  readonly requestItem = new Column<OrderItem>();
  readonly requestPlan = new Column<CancellationPlan | null>();
  readonly requestEasyReturn = new Column<RequestDraft['easyReturn']>();

  /**
   * Notes one order whose story is drafted and stamped, with the plans and requests its story
   * made (`scratch`, that order's alone). Read after `stampStory`: nothing changes a draft later.
   */
  add(draft: OrderDraft, scratch: Drafts): void {
    this.orders.push(draft.order);
    this.placed.push(draft.placedUs);
    const items = draft.items;
    for (let i = 0; i < items.length; i += 1) this.items.push(items[i]!.item);
    this.itemEnd.push(this.items.length);
    const plans = scratch.plans;
    for (let p = 0; p < plans.length; p += 1) {
      const plan = plans[p]!;
      this.plans.push(plan.plan);
      this.planPlaced.push(plan.order.placedUs);
      this.planCreated.push(plan.created);
      this.planModified.push(plan.modified);
      this.planOrder.push(plan.order.order);
      this.planRelated.push(plan.related ? plan.related.plan : null);
      this.planReason.push(plan.reason);
      this.planPayment.push(plan.paymentPlan);
      for (let i = 0; i < plan.items.length; i += 1) {
        const item = plan.items[i]!;
        this.planItems.push(item.item);
        this.planPrevious.push(plan.itemPrevious ?? item.base);
      }
      this.planItemEnd.push(this.planItems.length);
    }
    const requests = scratch.requests;
    for (let r = 0; r < requests.length; r += 1) {
      const request = requests[r]!;
      this.requests.push(request.request);
      this.requestPlaced.push(request.item.order.placedUs);
      this.requestCreated.push(request.created);
      this.requestItem.push(request.item.item);
      this.requestPlan.push(request.plan ? request.plan.plan : null);
      this.requestEasyReturn.push(request.easyReturn);
    }
  }
}

/** Entries a column chunk holds: a power of two. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A list appended to and read by position, in chunks of `CHUNK` made at their full length: a plain
 * array grown by `push` to ~100,000 entries left its outgrown copies behind (about twice its final
 * size, in old space by then), which is the garbage this ledger is here to avoid.
 */
export class Column<T> {
  readonly #chunks: T[][] = [];
  #last: T[] = [];
  length = 0;

  push(value: T): void {
    const at = this.length & (CHUNK - 1);
    if (at === 0) this.#chunks.push((this.#last = new Array<T>(CHUNK)));
    this.#last[at] = value;
    this.length += 1;
  }

  /** The entry at `position` (< `length`). */
  get(position: number): T {
    return this.#chunks[position >>> CHUNK_BITS]![position & (CHUNK - 1)]!;
  }

  /** Entries `from` to `to` (exclusive), as an array of that length. */
  slice(from: number, to: number): T[] {
    const out = new Array<T>(to - from);
    for (let i = from; i < to; i += 1) out[i - from] = this.get(i);
    return out;
  }
}
