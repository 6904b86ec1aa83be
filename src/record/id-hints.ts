import { fieldPath } from './secret-kinds.ts';

/**
 * What an id is the id *of*: `{owner: 'cancellation_plan', field: 'pk'}`. An id in a request and
 * a value in an earlier answer are the same id only when both say the same thing, so a
 * `quantity` of 1 never becomes a capture of some plan whose pk happens to be 1, and a request's
 * pk in `/cancellation_requests/45/` is read from a request's `id`, not from a plan's `pk` 45.
 */
export interface IdHint {
  owner: string;
  /** `pk` (also `id` and integer foreign keys), `uuid` or `number` (an order number). */
  field: 'pk' | 'uuid' | 'number';
}

/** Fields whose integers are amounts, counts or codes, never ids. */
const NOT_IDS = /^(count|quantity|limit|offset|page|page_size|size|total|installment|installment_count|version|position|priority|sort|sort_order|ordering|year|month|day|hour|minute|second|status|.*_(status|type|count|amount|rate|price|quantity|total|code|days|hours|minutes|seconds))$/;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const INTEGER = /^[1-9]\d{0,17}$/;

/** `cancellation_plans` → `cancellation_plan`, `cancellationplanorderitem_set` → `cancellationplanorderitem`. */
export function singular(name: string): string {
  const n = name.toLowerCase().replace(/_set$/, '');
  if (n.endsWith('ies')) return `${n.slice(0, -3)}y`;
  return n.endsWith('s') && !n.endsWith('ss') ? n.slice(0, -1) : n;
}

/** True for a value that can be an id in a path: a positive integer or a UUID. */
export function isIdText(text: string): boolean {
  return INTEGER.test(text) || UUID.test(text);
}

/**
 * The resource a path is about: the segment before its first id, else the one after `v1`, else
 * the last. `/api/v1/cancellation_requests/45/detailed/` → `cancellation_request`.
 */
export function resourceOf(path: string): string | null {
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  const id = segments.findIndex(isIdText);
  if (id > 0) return singular(segments[id - 1]!);
  const version = segments.findIndex((s) => /^v\d+$/.test(s));
  const at = version >= 0 && version + 1 < segments.length ? version + 1 : segments.length - 1;
  return at >= 0 ? singular(segments[at]!) : null;
}

/** An id segment of a path: what the segment before it names. */
export function pathSegmentHint(previous: string | undefined, value: string): IdHint | null {
  if (!previous || isIdText(previous) || !isIdText(value)) return null;
  return { owner: singular(previous), field: UUID.test(value) ? 'uuid' : 'pk' };
}

/**
 * What a query or body field holding `value` refers to, in a request about `resource`: `pk`,
 * `id`, `ids` and `pk__in` are the resource's own; `order_item` and `order_item_id` an order
 * item's; `order_item__order__number` and `order_number` an order's number. Null when the value
 * cannot be an id there.
 */
export function fieldHint(key: string, value: unknown, resource: string | null): IdHint | null {
  const fields = fieldPath(key).map((f) => (f === 'ids' || f === 'pks' || f === 'uuids' ? f.slice(0, -1) : f));
  const last = fields.at(-1);
  if (!last || NOT_IDS.test(last)) return null;
  const owner = fields.length > 1 ? singular(fields.at(-2)!) : resource;
  return classify(last, owner, value, false);
}

/** What an answer's field holding `value` is, under the object named `owner`. */
export function answerHint(key: string, value: unknown, owner: string | null): IdHint | null {
  if (NOT_IDS.test(key.toLowerCase())) return null;
  return classify(key.toLowerCase(), owner, value, true);
}

function classify(field: string, owner: string | null, value: unknown, strictForeignKey: boolean): IdHint | null {
  const text = typeof value === 'number' ? (Number.isInteger(value) && value > 0 ? String(value) : '') : typeof value === 'string' ? value : '';
  if (text === '') return null;
  const suffix = /^(.+)_(id|pk|uuid|number)$/.exec(field);
  const [name, kind] = field === 'pk' || field === 'id' ? [owner, 'pk'] : field === 'uuid' || field === 'number' ? [owner, field] : suffix ? [suffix[1]!, suffix[2] === 'id' ? 'pk' : suffix[2]!] : [field, 'fk'];
  if (!name) return null;
  if (kind === 'number') return text.length <= 64 ? { owner: singular(name), field: 'number' } : null;
  if (kind === 'uuid') return UUID.test(text) ? { owner: singular(name), field: 'uuid' } : null;
  // In an answer a foreign key is a JSON integer (digit strings are codes); a query has only text.
  if (kind === 'fk') return (typeof value === 'number' || !strictForeignKey) && INTEGER.test(text) ? { owner: singular(name), field: 'pk' } : null;
  return INTEGER.test(text) ? { owner: singular(name), field: 'pk' } : UUID.test(text) ? { owner: singular(name), field: 'uuid' } : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
