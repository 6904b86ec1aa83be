/**
 * A dataset as read from `seeds/*.yaml|json` (format: `seeds/README.md`, schema:
 * `seeds/dataset.schema.json`): named objects with only the fields a story needs. Every object
 * keeps where it was written (`at`: `file:line`, and a label such as `requests[2] (ayse-refund)`)
 * so that a refusal names the file, the line and the object.
 */

/** A reference: a key written earlier in the dataset, or the pk of an object already stored. */
export type Ref = string | number;

export interface Origin {
  /** `seeds/demo.yaml:42` */
  where: string;
  /** `orders[0] (ayse-first-order)` */
  label: string;
}

export interface DatasetCustomer extends Origin {
  key: string;
  first_name: string;
  last_name: string;
  email: string;
  phone_number: string | null;
  /** A channel pk or name (`Trendyol`); default: the first channel. */
  channel: Ref | null;
  city: string | null;
  address: string | null;
}

export interface DatasetProduct extends Origin {
  key: string;
  sku: string;
  name: string;
  description: string | null;
}

export interface DatasetReason extends Origin {
  key: string;
  subject: string;
  cancellation_type: 'cancel' | 'refund';
  extra_information_needed: boolean;
  is_active: boolean;
}

export interface DatasetOrderItem {
  product: Ref | null;
  price: string | null;
  discount: string | null;
}

export interface DatasetOrder extends Origin {
  key: string | null;
  number: string | null;
  customer: Ref | null;
  status: string | null;
  shipping_amount: string | null;
  items: DatasetOrderItem[];
  /** When the order was placed (default: the running load clock). */
  created: string | null;
}

export interface DatasetRequest extends Origin {
  key: string | null;
  order: Ref;
  /** The item's position in its order, from 1. */
  item: number;
  status: string;
  cancellation_type: string | null;
  reason: Ref | null;
  quantity: number | null;
  description: string | null;
  iban: string | null;
  holder_name: string | null;
  fully_refund_as_loyalty_money: boolean | null;
  /** For an approved (or rejected, or completed) request: where its plan has been moved. */
  plan_status: string | null;
  tags: string[];
  plan_tags: string[];
  uuid: string | null;
  created: string | null;
}

export interface DatasetPlan extends Origin {
  key: string | null;
  order: Ref;
  /** Item positions in the order, from 1; none: every open item. */
  items: number[] | null;
  status: string;
  plan_type: string | null;
  reason: Ref | null;
  tags: string[];
  created: string | null;
}

/** A webhook subscription, as `POST /whisperer/hooks/` takes it (read there, with the allow-list). */
export interface DatasetWebhook extends Origin {
  body: Record<string, unknown>;
}

export interface Dataset {
  /** How it was named: `demo`, or the path given to `--dataset`. */
  name: string;
  /** The file it was read from. */
  file: string;
  /** The instant the load clock starts at (`now`). */
  now: string;
  reasons: DatasetReason[];
  customers: DatasetCustomer[];
  products: DatasetProduct[];
  orders: DatasetOrder[];
  requests: DatasetRequest[];
  plans: DatasetPlan[];
  webhooks: DatasetWebhook[];
}

/** A dataset that cannot be read or loaded: one line naming the file, the line and the object. */
export class DatasetError extends Error {}

/** The instant a dataset without `now` is loaded at: fixed, so bytes do not depend on the day. */
export const DEFAULT_DATASET_NOW = '2026-01-15T09:00:00.000000Z';
