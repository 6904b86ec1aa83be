import type { Decimal, IsoDateTime } from '../common/scalars.ts';
import type { CancellationType } from './codes.ts';

/** The stored catalogue and people the orders point at: users, channels, customers, products, reasons. */

export interface User {
  pk: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  date_joined: IsoDateTime;
  last_login: IsoDateTime | null;
  groups: number[];
}

export interface Channel {
  pk: number;
  name: string;
  /** One of the spec's `ChannelType` values (`web`, `trendyol`, `sales_channel`, …). */
  channel_type: string;
  is_active: boolean;
}

export interface Customer {
  pk: number;
  channel: number;
  first_name: string;
  last_name: string;
  email: string;
  phone_number: string | null;
}

export interface Address {
  pk: number;
  customer: number;
  city: string;
  line: string;
  postcode: string;
}

export interface PriceList {
  pk: number;
  code: string | null;
  name: string;
  currency: string;
  is_auto_sync: boolean;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

export interface StockList {
  pk: number;
  code: string;
  name: string;
  is_auto_sync: boolean;
  created_date: IsoDateTime;
  modified_date: IsoDateTime;
}

export interface Product {
  pk: number;
  sku: string;
  name: string;
  uuid: string;
  parent: number | null;
  base_code: string | null;
  is_active: boolean;
  /** Free-form ERP attributes, as seed 003 shows them (the EAN-13 barcode lives here). */
  attributes: Record<string, string>;
  attributes_kwargs: Record<string, { label: string; value: string; data_type: string }>;
  data_source: number | null;
  listing_code: string | null;
  /** A code string in real payloads (`"0"`), not the spec's enum name. */
  product_type: string;
  attribute_set: number | null;
  modified_date: IsoDateTime;
  group_products: number[];
  extra_attributes: Record<string, unknown>;
  productimage_set: unknown[];
  productization_date: IsoDateTime | null;
  custom_attribute_set: number | null;
  /** The product description (request filter `description` is not this: it is the request's). */
  description: string | null;
}

export interface CancellationReason {
  pk: number;
  order: number;
  subject: string;
  is_active: boolean;
  modified_date: IsoDateTime;
  send_to_remote: boolean;
  cancellation_type: CancellationType;
  extra_information_needed: boolean;
  /**
   * Set only once written through the reason endpoints (issue 21); the seed leaves them out so
   * its bytes stay what they were, and the reason serializer supplies the defaults.
   */
  send_to_oms?: boolean;
  created_date?: IsoDateTime;
  /**
   * Kept once a write changes the subject: the seeded subjects' translations are derived from the
   * subject (`serialize-reason.ts`), so without this a PATCH of `subject` dropped them.
   */
  translations?: Record<string, Record<string, string>>;
}
