import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import {
  DatasetError,
  DEFAULT_DATASET_NOW,
  type Dataset,
  type DatasetOrderItem,
  type Origin,
} from './dataset-types.ts';

/**
 * Reads a dataset document (YAML, or JSON, which is YAML too) into a `Dataset`: every field is
 * checked for its kind and every unknown field refused, each object remembering its line. The
 * rules themselves (statuses reachable, IBANs, quantities) are the domain's, applied on load.
 * `yaml`'s Document API is used rather than a plain parse because a refusal names the line.
 */

/** The sections and the fields each object may have; `seeds/dataset.schema.json` says the same. */
export const DATASET_FIELDS = {
  top: ['$schema', 'name', 'description', 'now', 'reasons', 'customers', 'products', 'orders', 'requests', 'plans', 'webhooks'],
  reasons: ['key', 'subject', 'cancellation_type', 'extra_information_needed', 'is_active'],
  customers: ['key', 'first_name', 'last_name', 'email', 'phone_number', 'channel', 'city', 'address'],
  products: ['key', 'sku', 'name', 'description'],
  orders: ['key', 'number', 'customer', 'status', 'shipping_amount', 'items', 'created'],
  items: ['product', 'price', 'discount'],
  requests: [
    'key', 'order', 'item', 'status', 'cancellation_type', 'reason', 'quantity', 'description', 'iban',
    'holder_name', 'fully_refund_as_loyalty_money', 'plan_status', 'tags', 'plan_tags', 'uuid', 'created',
  ],
  plans: ['key', 'order', 'items', 'status', 'plan_type', 'reason', 'tags', 'created'],
  webhooks: [
    'event_type', 'target_url', 'secret_key', 'is_active', 'retry_countdown_config', 'additional_headers', 'config',
  ],
} as const;

type Section = Exclude<keyof typeof DATASET_FIELDS, 'top' | 'items'>;
type Obj = Record<string, unknown>;

/**
 * `yaml` (CommonJS), required on the first dataset read: loading it cost every start-up ~70 ms
 * of CPU (a tenth of the fixed part), and only `--dataset`, a reseed with one and the dataset
 * command read YAML (the served specs go through json-schema-ref-parser's own parser).
 */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DECIMAL = /^\d{1,10}(\.\d{1,2})?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Parses `text` (read from `file`, named `name`) into a dataset, or throws a `DatasetError`. */
export function readDataset(text: string, file: string, name: string): Dataset {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    throw new DatasetError(`${file}:${line}: not a readable dataset: ${first.message.split('\n')[0]}`);
  }
  const root = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const at = (path: (string | number)[]): string => `${file}:${lineOf(doc, lines, path)}`;
  const fail = (path: (string | number)[], label: string, message: string): never => {
    throw new DatasetError(`${at(path)}: ${label}: ${message}`);
  };
  if (!isObj(root)) return fail([], 'the document', 'a dataset is a mapping of sections (customers, orders, …)');
  unknownFields(root, DATASET_FIELDS.top, (f) => fail([f], 'the document', `unknown section "${f}"`));
  const now = root.now ?? DEFAULT_DATASET_NOW;
  if (typeof now !== 'string' || !INSTANT.test(now))
    fail(['now'], 'now', 'give an ISO 8601 UTC instant such as "2026-01-15T09:00:00Z"');

  const section = (s: Section): Array<{ o: Obj; origin: Origin; field: Field }> => {
    const list = root[s] ?? [];
    if (!Array.isArray(list)) return fail([s], s, 'give a list of objects');
    const keys = new Set<string>();
    return list.map((o: unknown, i: number) => {
      const key = isObj(o) && typeof o.key === 'string' ? o.key : null;
      const origin = { where: at([s, i]), label: `${s}[${i}]${key ? ` (${key})` : ''}` };
      const oops = (message: string, f?: string): never =>
        fail(f === undefined ? [s, i] : [s, i, f], origin.label, message);
      if (!isObj(o)) return oops('give an object (a mapping of fields)');
      unknownFields(o, DATASET_FIELDS[s], (f) => oops(`unknown field "${f}"`, f));
      if (key !== null) {
        if (keys.has(key)) oops(`the key "${key}" is used twice`, 'key');
        keys.add(key);
      }
      return { o, origin, field: fieldReader(o, (f, m) => oops(`${f}: ${m}`, f)) };
    });
  };

  return {
    name,
    file,
    now: normaliseInstant(now as string),
    reasons: section('reasons').map(({ origin, field }) => readReason(origin, field)),
    customers: section('customers').map(({ origin, field }) => ({
      ...origin,
      key: field.key(true)!,
      first_name: field.text('first_name', true)!,
      last_name: field.text('last_name', true)!,
      email: field.text('email', true)!,
      phone_number: field.text('phone_number'),
      channel: field.ref('channel'),
      city: field.text('city'),
      address: field.text('address'),
    })),
    products: section('products').map(({ origin, field }) => ({
      ...origin,
      key: field.key(true)!,
      sku: field.text('sku', true)!,
      name: field.text('name', true)!,
      description: field.text('description'),
    })),
    orders: section('orders').map(({ o, origin, field }) => ({
      ...origin,
      key: field.key(false),
      number: field.text('number'),
      customer: field.ref('customer'),
      status: field.text('status'),
      shipping_amount: field.decimal('shipping_amount'),
      items: readItems(o.items, (m) => field.fail('items', m)),
      created: field.instant('created'),
    })),
    requests: section('requests').map(({ origin, field }) => ({
      ...origin,
      key: field.key(false),
      order: field.ref('order', true)!,
      item: field.int('item') ?? 1,
      status: field.text('status') ?? 'waiting',
      cancellation_type: field.text('cancellation_type'),
      reason: field.ref('reason'),
      quantity: field.int('quantity'),
      description: field.text('description'),
      iban: field.text('iban'),
      holder_name: field.text('holder_name'),
      fully_refund_as_loyalty_money: field.bool('fully_refund_as_loyalty_money'),
      plan_status: field.text('plan_status'),
      tags: field.texts('tags') ?? [],
      plan_tags: field.texts('plan_tags') ?? [],
      uuid: field.text('uuid'),
      created: field.instant('created'),
    })),
    plans: section('plans').map(({ o, origin, field }) => ({
      ...origin,
      key: field.key(false),
      order: field.ref('order', true)!,
      items: o.items === undefined ? null : field.ints('items'),
      status: field.text('status') ?? 'waiting',
      plan_type: field.text('plan_type'),
      reason: field.ref('reason'),
      tags: field.texts('tags') ?? [],
      created: field.instant('created'),
    })),
    webhooks: section('webhooks').map(({ o, origin }) => ({ ...origin, body: o })),
  };
}

function readReason(origin: Origin, field: Field): Dataset['reasons'][number] {
  return {
    ...origin,
    key: field.key(true)!,
    subject: field.text('subject', true)!,
    cancellation_type: field.choice('cancellation_type', ['cancel', 'refund'], true) as 'cancel' | 'refund',
    extra_information_needed: field.bool('extra_information_needed') ?? false,
    is_active: field.bool('is_active') ?? true,
  };
}

interface Field {
  fail(f: string, message: string): never;
  key(required: boolean): string | null;
  text(f: string, required?: boolean): string | null;
  choice(f: string, choices: readonly string[], required?: boolean): string | null;
  bool(f: string): boolean | null;
  int(f: string): number | null;
  ints(f: string): number[];
  texts(f: string): string[] | null;
  ref(f: string, required?: boolean): string | number | null;
  decimal(f: string): string | null;
  instant(f: string): string | null;
}

function fieldReader(o: Obj, fail: (f: string, message: string) => never): Field {
  const given = (f: string, required = false): unknown => {
    const v = o[f];
    if ((v === undefined || v === null) && required) fail(f, 'this field is required');
    return v ?? null;
  };
  const field: Field = {
    fail,
    key(required) {
      const v = given('key', required);
      if (v !== null && (typeof v !== 'string' || !KEY.test(v)))
        fail('key', 'a key is letters, digits, ".", "_" and "-" (at most 64)');
      return v as string | null;
    },
    text(f, required) {
      const v = given(f, required);
      if (typeof v === 'number' && f === 'status') return String(v);
      if (v !== null && typeof v !== 'string') fail(f, 'give a string');
      return v as string | null;
    },
    choice(f, choices, required) {
      const v = field.text(f, required);
      if (v !== null && !choices.includes(v)) fail(f, `"${v}" is not one of ${choices.join(', ')}`);
      return v;
    },
    bool(f) {
      const v = given(f);
      if (v !== null && typeof v !== 'boolean') fail(f, 'give true or false');
      return v as boolean | null;
    },
    int(f) {
      const v = given(f);
      if (v !== null && !(typeof v === 'number' && Number.isInteger(v) && v >= 1)) fail(f, 'give a whole number from 1');
      return v as number | null;
    },
    ints(f) {
      const v = given(f);
      if (!Array.isArray(v) || v.length === 0 || !v.every((n) => Number.isInteger(n) && n >= 1))
        fail(f, 'give a list of item positions (1 is the first item of the order)');
      return v as number[];
    },
    texts(f) {
      const v = given(f);
      if (v !== null && !(Array.isArray(v) && v.every((t) => typeof t === 'string'))) fail(f, 'give a list of strings');
      return v as string[] | null;
    },
    ref(f, required) {
      const v = given(f, required);
      if (v !== null && !(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= 1)))
        fail(f, 'give a key of this dataset or the pk of a stored object');
      return v as string | number | null;
    },
    decimal(f) {
      const v = given(f);
      if (v !== null && !(typeof v === 'string' && DECIMAL.test(v))) fail(f, 'give a decimal string such as "29.90"');
      return v as string | null;
    },
    instant(f) {
      const v = given(f);
      if (v !== null && !(typeof v === 'string' && INSTANT.test(v))) fail(f, 'give an ISO 8601 UTC instant');
      return v === null ? null : normaliseInstant(v as string);
    },
  };
  return field;
}

function readItems(raw: unknown, fail: (message: string) => never): DatasetOrderItem[] {
  if (raw === undefined || raw === null) return [{ product: null, price: null, discount: null }];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50) return fail('give a list of 1 to 50 items');
  return raw.map((item: unknown, i) => {
    if (!isObj(item)) return fail(`items[${i}] is not an object {product?, price?, discount?}`);
    unknownFields(item, DATASET_FIELDS.items, (f) => fail(`items[${i}]: unknown field "${f}"`));
    const { product = null, price = null, discount = null } = item;
    if (product !== null && typeof product !== 'string' && typeof product !== 'number')
      fail(`items[${i}].product: give a key or a pk`);
    for (const [f, v] of [['price', price], ['discount', discount]] as const)
      if (v !== null && !(typeof v === 'string' && DECIMAL.test(v))) fail(`items[${i}].${f}: give a decimal string`);
    return { product: product as string | number | null, price: price as string | null, discount: discount as string | null };
  });
}

function unknownFields(o: Obj, known: readonly string[], fail: (field: string) => never): void {
  for (const f of Object.keys(o)) if (!known.includes(f)) fail(f);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Six fractional digits, as the store keeps dates. */
function normaliseInstant(iso: string): string {
  const m = /^(.{19})(?:\.(\d{1,6}))?Z$/.exec(iso)!;
  return `${m[1]}.${(m[2] ?? '').padEnd(6, '0')}Z`;
}

/** The 1-based line of the node at `path`, or of its nearest ancestor that has one. */
function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n -= 1) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return 1;
}
