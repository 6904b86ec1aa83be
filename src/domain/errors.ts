/**
 * Business outcomes are values, not exceptions (STYLE.md "Errors: three kinds"). This is the one
 * catalogue of rule codes and messages: the HTTP layer turns a `DomainError` into Omnitron's
 * shapes (`{"non_field_errors": [...], "code": ...}` or `{"<field>": [...]}`).
 */
export type DomainError =
  | { kind: 'rule'; code: RuleCode; message: string }
  | { kind: 'field'; errors: Record<string, ErrorDetail> }
  | { kind: 'not_found' }
  /** The write would take the mock past what API writes may add to it (`store/write-budget.ts`): 507. */
  | { kind: 'full' };

/**
 * What DRF puts under a field: a list of messages, or — for nested serializers — one entry per
 * list item (`{}` when the item was valid) or a dict per nested field:
 * `{"payment_plan": [{}, {"order_items": ["…"]}]}`, `{"payment_plan": {"non_field_errors": ["…"]}}`.
 */
export type ErrorDetail = string[] | ErrorDetail[] | { [field: string]: ErrorDetail };

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: DomainError): Result<T> => ({ ok: false, error });

/** Every rule code the mock can answer, with its message template. Stable: clients match on codes. */
export const RULES = {
  plan_status_transition_not_allowed: (from: string, to: string) =>
    `Cancellation plan status cannot be changed from ${from} to ${to}.`,
  request_status_transition_not_allowed: (from: string, to: string) =>
    `Cancellation request status cannot be changed from ${from} to ${to}.`,
  request_not_rejectable: (status: string) =>
    `Cancellation request in status ${status} cannot be rejected.`,
  /** Inferred (docs/decisions/0014): a sales channel withdraws only a waiting request. */
  request_not_withdrawable: (status: string) =>
    `Cancellation request in status ${status} cannot be deleted; only a waiting request can be withdrawn.`,
  /** Omnitron's webhook library's own code and words (`WebhookAlreadyRegistered`), issue 9. */
  webhook_100_2: (eventType: string, targetUrl: string) =>
    `Webhook already registered: this user already subscribes ${clipEcho(targetUrl)} to ${clipEcho(eventType)} (user, target_url and event_type must make a unique set).`,
  /** The mock's own bound (issue 19): subscriptions cost memory and a delivery per event each. */
  webhook_user_limit: (max: number) =>
    `This user already has ${max} webhook subscriptions, the most one user may have; delete one first.`,
  webhook_total_limit: (max: number) =>
    `The mock already holds ${max} webhook subscriptions, the most it keeps; delete one first.`,
} as const;
export type RuleCode = keyof typeof RULES;

/** Builds a rule error from the catalogue. */
export function rule<C extends RuleCode>(code: C, ...args: Parameters<(typeof RULES)[C]>): DomainError {
  const template = RULES[code] as (...a: unknown[]) => string;
  return { kind: 'rule', code, message: template(...args) };
}

/** Builds a field error: `{"status": ["This field is required."]}`. */
export function fieldError(field: string, message: string): DomainError {
  return { kind: 'field', errors: { [field]: [message] } };
}

/** Past this many characters a value a client sent is clipped where a message repeats it. */
const ECHO_MAX = 100;

/**
 * A client's value (or field name) as an error repeats it: clipped to `ECHO_MAX` characters and
 * `…`, so no error echoes a body back — DRF repeats it whole, but a 1 MiB value repeated in a
 * 400 only doubles what a hostile client makes the mock hold (issue 19).
 */
export function clipEcho(text: string): string {
  if (text.length <= ECHO_MAX) return text;
  // A cut between a surrogate pair would leave a lone half, which JSON parsers that check
  // (Python's, for one) cannot encode again: step back one unit instead.
  const last = text.charCodeAt(ECHO_MAX - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? ECHO_MAX - 1 : ECHO_MAX;
  return `${text.slice(0, end)}…`;
}

/** A client's value as a message quotes it: its JSON (or its text, for what JSON cannot write), clipped. */
export function quoteEcho(value: unknown): string {
  return clipEcho(JSON.stringify(value) ?? String(value));
}

/** DRF's field messages, verbatim (DOMAIN.md §1); a repeated value is clipped (`clipEcho`). */
export const FIELD_MESSAGES = {
  required: 'This field is required.',
  invalidChoice: (v: unknown) => `"${clipEcho(String(v))}" is not a valid choice.`,
  invalidInt: 'A valid integer is required.',
  maxStringLength: 'String value too large.',
  minValue: (n: number) => `Ensure this value is greater than or equal to ${n}.`,
  maxValue: (n: number) => `Ensure this value is less than or equal to ${n}.`,
  invalidBoolean: 'Must be a valid boolean.',
  notAList: (type: string) => `Expected a list of items but got type "${type}".`,
  /** DRF's `DictField` (an object of no declared fields). */
  notADictOfItems: (type: string) => `Expected a dictionary of items but got type "${type}".`,
  /** The mock's own: a free-form value deeper than its state file keeps (the engine). */
  nestedTooDeep: (levels: number) => `Ensure this value is nested no more than ${levels} levels deep.`,
  emptyList: 'This list may not be empty.',
  blank: 'This field may not be blank.',
  notAString: 'Not a valid string.',
  null: 'This field may not be null.',
  /** A body (or nested item) that is not a JSON object; `type` is Python's name (`list`, `str`). */
  notADict: (type: string) => `Invalid data. Expected a dictionary, but got ${type}.`,
  /** A JSON `null` body: DRF's `Serializer.errors` edge case. */
  noData: 'No data provided',
  incorrectPkType: (type: string) => `Incorrect type. Expected pk value, received ${type}.`,
  pkDoesNotExist: (pk: unknown) => `Invalid pk "${clipEcho(String(pk))}" - object does not exist.`,
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  /** DRF's `ListField(max_length=n)` (`max_length` of its error messages). */
  maxItems: (n: number) => `Ensure this field has no more than ${n} elements.`,
  /** Ours, on the model of DRF's "Null characters are not allowed." (tag keys, issue 6). */
  controlCharacters: 'Control characters are not allowed.',
} as const;

/** The mock's own words for the reason rule (inferred, docs/decisions/0014). */
export const REASON_MESSAGES = {
  typeFixedWhileCited: (pk: number) =>
    `Reason ${pk} is named by cancellation requests or plans; its cancellation type cannot change.`,
} as const;

/**
 * The mock's own words for the request rules DOMAIN.md §3 answers as field errors (`{"order_item":
 * ["…"]}`): DRF has no message for them, so these are ours, in DRF's tone.
 */
export const REQUEST_MESSAGES = {
  itemClosed: (pk: number, code: string) =>
    `Order item ${pk} is already ${code === '600' ? 'refunded' : 'cancelled'}.`,
  itemInPlan: (pk: number, planPk: number) =>
    `Order item ${pk} is already in cancellation plan ${planPk}.`,
  itemHasOpenRequest: (pk: number, requestId: number, status: string) =>
    `Order item ${pk} already has an open cancellation request (${requestId}, ${status}).`,
  orderCancellationWaiting: (orderNumber: string) =>
    `Order ${orderNumber} already has a cancellation waiting; a new one may be requested once it is decided.`,
  reasonInactive: (reasonPk: number) => `Reason ${reasonPk} is not active.`,
  reasonTypeMismatch: (reasonPk: number, reasonType: string, type: string) =>
    `Reason ${reasonPk} is a ${reasonType} reason; this is a ${type} request.`,
  invalidIban: 'Enter a valid Turkish IBAN: TR, then 24 digits with a valid checksum.',
  /** A field that the request's status no longer lets change (docs/decisions/0002). */
  fixedOnceCreated: 'This field cannot be changed once the request is created.',
  fixedOnce: (status: string) => `This field cannot be changed once the request is ${status}.`,
} as const;
