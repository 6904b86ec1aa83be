/**
 * DRF's `next`/`previous` links, in DRF's own spelling (ADR 0020). `PageNumberPagination` builds
 * them with `replace_query_param(url, 'page', n)` and, for page 1, `remove_query_param(url,
 * 'page')` (rest_framework/utils/urls.py), which both write the query again as
 * `urlencode(sorted(parse_qs(query, keep_blank_values=True).items()), doseq=True)`:
 *
 * - pairs split on `&` only; an empty pair is dropped, a bare name reads as `name=`;
 * - `+` reads as a space, `%XX` as its byte, bytes as UTF-8 with U+FFFD for a bad sequence;
 * - one entry per name, its values in the order given, `page` set to `n` (or dropped);
 * - names sorted by code point (Python's `str` order), a name's values together in its place;
 * - names and values written with `quote_plus`: `A–Z a–z 0–9 _ . - ~` as they are, a space as
 *   `+`, every other byte of the UTF-8 text as `%XX` (upper case).
 *
 * The host, scheme and path are kept as the request gave them; a fragment is left out.
 */

/** What every link to a page of one request is made of: worked out once, joined per page. */
export interface LinkParts {
  /** The href up to its `?` (or its `#`): every link starts with it. */
  readonly base: string;
  /** The query's pairs in DRF's form whose names sort before `page`, joined by `&` ('' for none). */
  readonly before: string;
  /** Those whose names sort after `page`. */
  readonly after: string;
}

/** The link to `page` of the list `href` answered (DRF drops `page` from the link to page 1). */
export function pageLink(href: string, page: number): string {
  return linkTo(linkParts(href), page);
}

/** The link to `page` from a request's `LinkParts`. */
export function linkTo(parts: LinkParts, page: number): string {
  let query = parts.before;
  if (page !== 1) query = query === '' ? `page=${page}` : `${query}&page=${page}`;
  if (parts.after !== '') query = query === '' ? parts.after : `${query}&${parts.after}`;
  return query === '' ? parts.base : `${parts.base}?${query}`;
}

/**
 * The parts of every page link of `href`: its query read as `parse_qs` reads it, `page` left out,
 * the rest sorted and written as `urlencode` writes it. A part already in its written form (the
 * common case: letters, digits, `_.-~`, `+`, upper-case escapes of other bytes) is kept as given
 * without decoding it.
 */
export function linkParts(href: string): LinkParts {
  const hash = href.indexOf('#');
  const end = hash === -1 ? href.length : hash;
  const q = href.indexOf('?');
  if (q === -1 || q > end) return { base: hash === -1 ? href : href.slice(0, end), before: '', after: '' };
  const base = href.slice(0, q);
  const names: string[] = [];
  const pairs: string[] = [];
  // The next `=` at or after `at`, kept while pairs without one pass it: a search per pair would
  // read to the end each time (quadratic on `a&a&a…`).
  let nextEq = -1;
  for (let at = q + 1; at < end; ) {
    let amp = href.indexOf('&', at);
    if (amp === -1 || amp > end) amp = end;
    if (amp > at) {
      if (nextEq < at) {
        nextEq = href.indexOf('=', at);
        if (nextEq === -1) nextEq = Infinity;
      }
      const eq = nextEq > amp ? amp : nextEq;
      const rawName = href.slice(at, eq);
      const name = unquotePlus(rawName);
      if (name !== 'page') {
        const rawValue = eq === amp ? '' : href.slice(eq + 1, amp);
        const value = writtenPart(rawValue);
        names.push(name);
        // The common pair, already in its written form, is kept as one slice.
        if (value === rawValue && eq < amp && written(rawName)) pairs.push(href.slice(at, amp));
        else pairs.push(`${written(rawName) ? rawName : quotePlus(name)}=${value}`);
      }
    }
    at = amp + 1;
  }
  return linkPartsOf(base, names, pairs);
}

/**
 * The parts of every page link of a query read already: `names[i]` as `parse_qs` decodes it
 * (never `page`), `pairs[i]` that pair as `urlencode` writes it. Sorts them (`sortedByName`) and
 * splits them at `page`'s place. For a reader that knows its pairs (the engine's plain query).
 */
export function linkPartsOf(base: string, names: readonly string[], pairs: readonly string[]): LinkParts {
  const order = sortedByName(names);
  let before = '';
  let after = '';
  for (const i of order) {
    if (names[i]! < 'page') before = before === '' ? pairs[i]! : `${before}&${pairs[i]}`;
    else after = after === '' ? pairs[i]! : `${after}&${pairs[i]}`;
  }
  return { base, before, after };
}

/**
 * The indexes of `names` in Python's `sorted` order of the names, equal names kept in the order
 * given (a stable sort): so a repeated name's values stand together at its first place's rank,
 * as `parse_qs` groups them.
 */
function sortedByName(names: readonly string[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < names.length; i += 1) order.push(i);
  if (order.length <= 16) {
    // Insertion sort: a list's few pairs, most often nearly in order; stable (moves past greater only).
    for (let i = 1; i < order.length; i += 1) {
      const x = order[i]!;
      let j = i - 1;
      while (j >= 0 && compareCodePoints(names[order[j]!]!, names[x]!) > 0) {
        order[j + 1] = order[j]!;
        j -= 1;
      }
      order[j + 1] = x;
    }
    return order;
  }
  return order.sort((a, b) => compareCodePoints(names[a]!, names[b]!) || a - b);
}

/**
 * Python's `str` order (by code point). JavaScript's `<` compares UTF-16 units, which differs only
 * where a surrogate (a character past U+FFFF) meets a unit in U+E000–U+FFFF: the surrogate's
 * character is the greater.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return unitRank(x) - unitRank(y);
    return x - y;
  }
  return a.length - b.length;
}

/** A unit from U+D800 up, ranked so that surrogates come after U+E000–U+FFFF. */
function unitRank(u: number): number {
  return u >= 0xe000 ? u - 0x800 : u + 0x2000;
}

/** Bytes `quote_plus` writes as they are: `A–Z a–z 0–9 _ . - ~` (Python's `_ALWAYS_SAFE`). */
const SAFE = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~') SAFE[c.charCodeAt(0)] = 1;

/**
 * True when `quote_plus(unquote_plus(part))` is `part`: safe bytes, `+` (a space, written `+`
 * again), and upper-case escapes of bytes `quote_plus` escapes (not a space, which it writes `+`)
 * that decode as UTF-8 (a bad byte would come back as U+FFFD, `%EF%BF%BD`). One pass over the
 * characters; only escapes of bytes past ASCII are decoded to check them.
 */
function written(part: string): boolean {
  let high = false;
  for (let i = 0; i < part.length; i += 1) {
    const c = part.charCodeAt(i);
    if (c === 0x2b || (c < 0x80 && SAFE[c] === 1)) continue;
    if (c !== 0x25) return false;
    const byte = (upperHex(part.charCodeAt(i + 1)) << 4) | upperHex(part.charCodeAt(i + 2));
    if (byte < 0 || byte === 0x20 || (byte < 0x80 && SAFE[byte] === 1)) return false;
    if (byte >= 0x80) high = true;
    i += 2;
  }
  if (!high) return true;
  try {
    // Throws on what UTF-8 does not allow (a bad, cut or overlong sequence, a surrogate).
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** A name or value as `urlencode` writes what `parse_qs` reads from `raw`: `raw` itself when it is in that form. */
export function writtenPart(raw: string): string {
  return written(raw) ? raw : quotePlus(unquotePlus(raw));
}

/** The value of an upper-case hex digit; a negative number for anything else (NaN included). */
function upperHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -256;
}

/** The value of a hex digit of either case, or -1. */
function anyHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** UTF-8 with U+FFFD for what is not, a leading U+FEFF kept: Python's `decode('utf-8', 'replace')`. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `parse_qs`'s reading of a name or value: `+` as a space, then `unquote` — each run of `%XX`
 * escapes (either case) as UTF-8 bytes, a `%` not followed by two hex digits as it stands.
 */
export function unquotePlus(raw: string): string {
  const text = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  let pct = text.indexOf('%');
  if (pct === -1) return text;
  let out = text.slice(0, pct);
  let i = pct;
  while (i < text.length) {
    const bytes: number[] = [];
    while (text.charCodeAt(i) === 0x25) {
      const hi = anyHex(text.charCodeAt(i + 1));
      const lo = hi < 0 ? -1 : anyHex(text.charCodeAt(i + 2));
      if (lo < 0) break;
      bytes.push((hi << 4) | lo);
      i += 3;
    }
    if (bytes.length > 0) out += utf8.decode(new Uint8Array(bytes));
    else {
      // A `%` that starts no escape stays as it is.
      out += '%';
      i += 1;
    }
    pct = text.indexOf('%', i);
    const next = pct === -1 ? text.length : pct;
    out += text.slice(i, next);
    i = next;
  }
  return out;
}

/** `quote_plus`: the UTF-8 bytes of `text`, all but `A–Z a–z 0–9 _ . - ~` escaped, a space as `+`. */
export function quotePlus(text: string): string {
  // encodeURIComponent also keeps `!'()*`, which Python escapes.
  const escaped = encodeURIComponent(wellFormed(text));
  return /[!'()*]|%20/.test(escaped) ? escaped.replace(/[!'()*]|%20/g, pythonEscape) : escaped;
}

/**
 * `text` with a lone surrogate as U+FFFD (never in a serialized URL, whose escapes decode to whole
 * characters; encodeURIComponent would throw on one).
 */
function wellFormed(text: string): string {
  return /[\uD800-\uDFFF]/.test(text) ? text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : text;
}

function pythonEscape(s: string): string {
  return s === '%20' ? '+' : `%${s.charCodeAt(0).toString(16).toUpperCase()}`;
}
