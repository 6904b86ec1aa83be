import type { PlaceholderKind } from '../contracts/placeholders.ts';
import { stripEnds } from '../common/strip-ends.ts';

/**
 * What counts as a secret or as personal data in recorded traffic, recognised two ways: by the
 * name of the field that holds it (`iban`, `customer_email`, `holder_name`, `password`), and by
 * the look of the value wherever it appears (an e-mail inside a description, an IBAN in a path).
 * Both lean towards redacting too much: a placeholder where none was needed costs a synthetic
 * value at replay, a real IBAN on disk cannot be taken back.
 */

/** django-filter lookups that end a query key (`customer_email__iexact`). */
const LOOKUPS = new Set(['exact', 'iexact', 'contains', 'icontains', 'in', 'gt', 'gte', 'lt', 'lte', 'startswith', 'istartswith', 'endswith', 'iendswith', 'date', 'isnull', 'regex', 'iregex', 'range', 'exclude']);

/**
 * A key's field path without lookups: `order_item__order__number__in` → `order_item`, `order`,
 * `number`. Characters that are no part of a name are cut from both ends first: a query that
 * starts with `?` names `?holder_name` (as Django reads it), whose value is still a name.
 */
export function fieldPath(key: string): string[] {
  const parts = wordCore(key.toLowerCase()).split('__').filter(Boolean);
  while (parts.length > 1 && LOOKUPS.has(parts[parts.length - 1]!)) parts.pop();
  return parts;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** `text` without the characters other than letters, digits and `_` at either end (one pass each way). */
function wordCore(text: string): string {
  const word = (c: number) =>
    c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c > 0x7f && LETTER_OR_DIGIT.test(String.fromCharCode(c)));
  return stripEnds(text, (c) => !word(c));
}

const BY_KEY: Array<[RegExp, PlaceholderKind]> = [
  [/pass(word|wd|phrase)?$|^pwd$|_pwd$/, 'password'],
  [/^(username|user_name|login)$/, 'username'],
  [/^(token|access_token|refresh_token|auth_token|id_token|api_key|apikey|access|refresh)$/, 'token'],
  [/(^|_)(secret|secret_key|client_secret|private_key|signature)$/, 'credential'],
  [/iban/, 'iban'],
  [/e_?mail/, 'email'],
  [/phone|(^|_)(gsm|mobile|msisdn|tel|fax)(_number|_no)?$/, 'phone'],
  [/(^|_)(first|last|full|middle|sur|holder|customer|recipient|receiver|contact|billing|shipping|person|account_holder)_?name$|^surname$|^firstname$|^lastname$|^fullname$/, 'name'],
  [/(^|_)(address|addr|address_line\d*|line\d*|street|postcode|postal_code|zip|zip_code|zipcode|city|town|county|district|neighbourhood|neighborhood|township|building|apartment)$/, 'address'],
];

/**
 * The kind of secret a field holds, from its name (the last field of a django path, lookups
 * removed). Null when the name says nothing: the value may still be caught by its look.
 * @example kindOfKey('customer_email__iexact') // 'email'
 */
export function kindOfKey(key: string): PlaceholderKind | null {
  const field = fieldPath(key).at(-1);
  if (!field) return null;
  for (const [pattern, kind] of BY_KEY) if (pattern.test(field)) return kind;
  return null;
}

/**
 * The kind of secret a request header kept in a recording holds (`--header NAME`, "redacted"):
 * a credential where its name (lower case, `x-` dropped, words split at `-`; a number or version
 * may follow) ends in `token`, `secret`, `password` or a glued `…key` (`X-RefreshToken`,
 * `X-ClientSecret`, `X-AccessKey`), or its last word is a key, auth, bearer, JWT, cookie, session
 * (id), signature or CSRF word (`X-Api-Key`, `Cookie`, `X-Session-Id`,
 * `Ocp-Apim-Subscription-Key`, `X-Hub-Signature-256`, `X-Access-Token-V2`). It replays as a synthetic credential. Null for any other name
 * (`Accept-Language`, `X-Bypass`, `Idempotency-Key`, `X-Session-Timeout`, `X-Cookie-Consent`):
 * the value is still redacted wherever it looks like a secret.
 */
export function kindOfHeader(name: string): PlaceholderKind | null {
  const field = name.toLowerCase().replace(/^x-/, '').replaceAll('-', '_');
  return !HEADER_NOT_SECRET.has(field) && HEADER_SECRET.test(field) ? 'credential' : null;
}

const HEADER_SECRET =
  /(?:(?:^|_)(?:auth|authorization|authentication|bearer|jwt|key|cookie|session|sessionid|session_id|signature|pwd|csrf|xsrf)|token|secret|password|passwd|passphrase|credentials?|(?:auth|access|secret|api|private|client|session)key)(?:_?v?\d+)?$/;

/** Header names a word above would catch that carry no secret. */
const HEADER_NOT_SECRET = new Set(['idempotency_key']);

/** Keys whose value, in an answer, is a credential the client may send back later. */
export const RETURNED_KEYS = new Set(['key', 'token', 'access', 'access_token', 'auth_token', 'refresh', 'refresh_token', 'id_token']);

/** A value found in a string by its look: where it is, and what kind. */
export interface ValueMatch {
  start: number;
  end: number;
  kind: PlaceholderKind;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A Turkish IBAN, compact or spaced in fours (`TR33 0006 1005 …`). */
const TR_IBAN = /\bTR ?\d{2}(?: ?\d){22}\b/g;
/** Any country's compact IBAN; kept only when its mod-97 checksum holds. */
const IBAN = /\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b/g;
/** International (+90 532 …, 0090…) or Turkish national (0532 …, (0532) …) numbers. */
const PHONE = /(?:\+|\b00)\d{1,3}[\s.-]?\(?\d{2,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b|(?:\(0\d{3}\)|\b0\d{3})[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}\b/g;

function mod97Holds(iban: string): boolean {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest === 1;
}

/** E-mails, IBANs and phone numbers found in a string by their look alone. */
export function findByLook(text: string): ValueMatch[] {
  const out: ValueMatch[] = [];
  for (const m of text.matchAll(EMAIL)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'email' });
  // A Turkish IBAN with a typo in its checksum is still someone's account: no checksum asked.
  for (const m of text.matchAll(TR_IBAN)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'iban' });
  for (const m of text.matchAll(IBAN)) {
    if (mod97Holds(m[0])) out.push({ start: m.index, end: m.index + m[0].length, kind: 'iban' });
  }
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits >= 10 && digits <= 15) out.push({ start: m.index, end: m.index + m[0].length, kind: 'phone' });
  }
  return out;
}

/**
 * The form under which two spellings of one value are the same secret (and get one placeholder):
 * an IBAN without spaces, a phone number as its digits with the country code (`0532 …` and
 * `+90 532 …` are one number), an e-mail in lower case.
 */
export function canonicalValue(kind: PlaceholderKind, value: string): string {
  if (kind === 'iban') return value.replace(/\s/g, '').toUpperCase();
  if (kind === 'email') return value.trim().toLowerCase();
  if (kind !== 'phone') return value;
  const digits = value.replace(/\D/g, '').replace(/^00/, '');
  return /^0\d{10}$/.test(digits) ? `90${digits.slice(1)}` : digits;
}
