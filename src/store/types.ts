/**
 * The stored shape of every Omnitron object the mock keeps.
 *
 * Records are flat and normalised, the way Omnitron's database holds them: a foreign key is the
 * other object's `pk`, never a nested copy. Serializers in `domain/` nest them into the JSON that
 * the API answers (seed 003 shows the nesting). Field names and value formats follow the real
 * payload, so a serializer copies most fields as they are:
 * - decimals are strings with two places (`"13.49"`): Omnitron's DRF `DecimalField`s serialize
 *   that way and money must not drift through binary floats (see `common/money.ts`);
 * - order and item statuses are code strings (`"50"`), DOMAIN.md §2;
 * - dates are ISO 8601 UTC strings with microseconds and `Z` (`common/dates.ts`).
 */

export type { Decimal, IsoDateTime } from '../common/scalars.ts';
export type {
  Address,
  CancellationReason,
  Channel,
  Customer,
  PriceList,
  Product,
  StockList,
  User,
} from './catalog-types.ts';
import type { Decimal, IsoDateTime } from '../common/scalars.ts';

export * from './codes.ts';
import type { CancellationType, CancelStatus, OrderStatusCode, PlanStatus, RequestStatus } from './codes.ts';

export interface Order {
  pk: number;
  number: string;
  status: OrderStatusCode;
  channel: number;
  customer: number;
  currency: string;
  date_placed: IsoDateTime;
  amount: Decimal;
  discount_amount: Decimal;
  shipping_amount: Decimal;
  net_shipping_amount: Decimal;
  refund_amount: Decimal;
  discount_refund_amount: Decimal;
  shipping_refund_amount: Decimal;
  shipping_interest_amount: Decimal;
  installment_interest_amount: Decimal;
  shipping_tax_rate: Decimal | null;
  notes: string | null;
  is_send: boolean;
  segment: string | null;
  bin_number: string | null;
  client_type: string;
  extra_field: Record<string, unknown>;
  installment: number;
  installment_count: number | null;
  remote_addr: string | null;
  has_gift_box: boolean;
  gift_box_note: string | null;
  invoice_date: IsoDateTime | null;
  invoice_number: string | null;
  e_archive_url: string | null;
  cargo_company: number;
  delivery_type: string | null;
  language_code: string | null;
  delivery_range: { start: IsoDateTime; end: IsoDateTime } | null;
  payment_option: number;
  payment_option_slug: string | null;
  billing_address: number;
  shipping_address: number;
  external_status: number | null;
  tracking_number: string | null;
  checkout_provider_id: number | null;
  shipping_option_slug: string | null;
  carrier_shipping_code: string | null;
  fundstransfertransaction_set: unknown[];
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

export interface BenefitApplicant {
  id: number;
  order_item: number;
  discount_item: number;
  discount_share: Decimal;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

/** An order item is a single unit (DOMAIN.md §2): a line of three is three items. */
export interface OrderItem {
  pk: number;
  order: number;
  product: number;
  price_list: number;
  stock_list: number;
  status: OrderStatusCode;
  price: Decimal;
  retail_price: Decimal;
  net_amount: Decimal;
  discount_amount: Decimal;
  tax_rate: Decimal;
  price_currency: string;
  cancel_status: CancelStatus | null;
  image: string | null;
  parent: number | null;
  attributes: Record<string, unknown>;
  attributes_kwargs: Record<string, unknown>;
  data_source: number | null;
  /** `extra_field.quantity` > 1 lets a request cancel more than one unit (DOMAIN.md §2). */
  extra_field: Record<string, unknown>;
  invoice_date: IsoDateTime | null;
  invoice_number: string | null;
  e_archive_url: string | null;
  tracking_url: string | null;
  tracking_number: string | null;
  shipment_code: string | null;
  shipping_company: string | null;
  external_status: number | null;
  estimated_delivery_date: IsoDateTime | null;
  installment_interest_amount: Decimal;
  benefitapplicant_set: BenefitApplicant[];
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

export interface CancellationPlan {
  pk: number;
  order: number;
  status: PlanStatus;
  plan_type: CancellationType;
  created_by: number;
  last_updated_by: number;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
  refund_amount: Decimal;
  discount_refund_amount: Decimal;
  shipping_refund_amount: Decimal;
  invoice_number: string | null;
  staff_remote_id: string | null;
  retail_store_remote_id: string | null;
  order_previous_status: OrderStatusCode;
  /** The object last posted to `create_payment_plan`, or null. */
  payment_plan: Record<string, unknown> | null;
  /** A refund plan points at the cancel plan before it (inferred field, DOMAIN.md §4). */
  related_cancellationplan: number | null;
}

export interface CancellationPlanItem {
  pk: number;
  plan: number;
  order_item: number;
  reason: number;
  /** The target code: `"100"` for cancel, `"600"` for refund. */
  status: OrderStatusCode;
  order_item_previous_status: OrderStatusCode;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

export interface EasyReturn {
  id: number;
  shipping_company: string;
  code: string;
  start_date: IsoDateTime;
  end_date: IsoDateTime;
  max_count: number;
  status: string;
  tracking_number: string | null;
  tracking_url: string | null;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

export interface CancellationRequest {
  id: number;
  uuid: string;
  order_item: number;
  reason: number;
  description: string | null;
  cancellation_type: CancellationType;
  status: RequestStatus;
  iban: string | null;
  holder_name: string | null;
  easy_return: EasyReturn | null;
  quantity: number;
  fully_refund_as_loyalty_money: boolean;
  /** The plan created when this request was approved (DOMAIN.md §3), or null. */
  cancellation_plan: number | null;
  /**
   * Internal, never serialized: the item's status code before this request moved it to `"50"`,
   * so that a rejection can put it back and an approval can write it as the plan item's
   * `order_item_previous_status` (DOMAIN.md §3–§4). Optional only so that records written before
   * it existed (state files) still load; the seed and every create set it.
   */
  order_item_previous_status?: OrderStatusCode;
  attributes: Record<string, unknown>;
  attributes_kwargs: Record<string, unknown>;
  localized_attributes: Record<string, unknown>;
  localized_attributes_kwargs: Record<string, unknown>;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

/** Resources that carry tags; one tag model serves them all (issue 6). */
export type TaggedResource = 'cancellation_plan' | 'cancellation_request';
