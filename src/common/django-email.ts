/**
 * Django's `EmailValidator` (what DRF's `EmailField` runs), as Django 5.2 and later have it — the
 * Django every current DRF requires: at most 320 characters (added in 3.2.20 / 4.1.10 / 4.2.3),
 * split at the last `@`; the user part a dot-atom or a quoted string; the domain `localhost`, a
 * name of labels whose last label (the TLD) has two letters or more (or is `xn--…`), or an
 * address literal `[1.2.3.4]` / `[::1]`. Non-ASCII letters (U+00A1–U+FFFF) count as letters in
 * names (IDN), as `DomainNameValidator.ul` has it. Every pattern is compiled with
 * `re.IGNORECASE`, under which U+0130, U+0131, U+017F and U+212A match ASCII letters too.
 *
 * Read in one pass over the text, no regular expression: Django's patterns backtrack, and a
 * JS copy of them is quadratic on inputs such as `a@` + 50,000 dots (`test/django-email.test.ts`
 * holds this reader equal to a copy of the patterns over small exhaustive alphabets).
 */

/** RFC 3696 §3, as `EmailValidator.__call__` checks it first (in code points: Python's `len`). */
const MAX_EMAIL_LENGTH = 320;

/** Non-ASCII characters that `re.IGNORECASE` lets match an ASCII letter (İ ı ſ K). */
function isFoldedLetter(c: number): boolean {
  return c === 0x130 || c === 0x131 || c === 0x17f || c === 0x212a;
}

function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

/** The dot-atom's characters: ``[-!#$%&'*+/=?^_`{}|~0-9A-Z]`` under IGNORECASE. */
function isAtomChar(c: number): boolean {
  if (c >= 0x80) return isFoldedLetter(c);
  return isAsciiLetterOrDigit(c) || "-!#$%&'*+/=?^_`{}|~".includes(String.fromCharCode(c));
}

/** `^atom(\.atom)*\Z`: no dot first, last or twice in a row. */
function isDotAtom(user: string): boolean {
  if (user.length === 0) return false;
  let afterDot = true;
  for (let i = 0; i < user.length; i += 1) {
    const c = user.charCodeAt(i);
    if (c === 0x2e) {
      if (afterDot) return false;
      afterDot = true;
    } else if (isAtomChar(c)) afterDot = false;
    else return false;
  }
  return !afterDot;
}

/** Quoted text: any of `\001-\177` but NUL, tab, LF, CR, space, `"` and `\` (+ the folded letters). */
function isQuotedChar(c: number): boolean {
  if (c >= 0x80) return isFoldedLetter(c);
  return c !== 0 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x22 && c !== 0x5c;
}

/** What may follow `\` in a quoted string: `\001-\177` but NUL, LF and CR (+ the folded letters). */
function isEscapedChar(c: number): boolean {
  if (c >= 0x80) return isFoldedLetter(c);
  return c !== 0 && c !== 0x0a && c !== 0x0d;
}

/** `^"(qchar|\\echar)*"\Z`. `"` and `\` are no qchar, so the scan has one way through. */
function isQuotedString(user: string): boolean {
  const last = user.length - 1;
  if (last < 1 || user.charCodeAt(0) !== 0x22 || user.charCodeAt(last) !== 0x22) return false;
  let i = 1;
  while (i < last) {
    const c = user.charCodeAt(i);
    if (c === 0x5c) {
      if (!isEscapedChar(user.charCodeAt(i + 1))) return false;
      i += 2;
    } else if (isQuotedChar(c)) i += 1;
    else return false;
  }
  return i === last;
}

/**
 * A character of `ul` (U+00A1–U+FFFF) at `i`: a BMP character, a lone surrogate (one code point
 * to Python), never half of a pair (a code point above U+FFFF, outside the range).
 */
function isUnicodeLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xa1) return false;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const b = i > 0 ? text.charCodeAt(i - 1) : 0;
    return !(b >= 0xd800 && b <= 0xdbff);
  }
  return true;
}

/**
 * A label from `from` to `to`: 1–63 characters of `[a-z ul 0-9-]` (`digits` false: no digits, as
 * in the TLD), neither first nor last a hyphen.
 */
function isLabel(text: string, from: number, to: number, digits: boolean, min: number): boolean {
  const n = to - from;
  if (n < min || n > 63 || text.charCodeAt(from) === 0x2d || text.charCodeAt(to - 1) === 0x2d) return false;
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x2d || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) continue;
    if (c >= 0x30 && c <= 0x39 ? !digits : !isUnicodeLetterAt(text, i)) return false;
  }
  return true;
}

/** `xn--` and 1–59 of `[a-z0-9]` under IGNORECASE (a punycode TLD, which may hold digits). */
function isPunycodeTld(text: string, from: number, to: number): boolean {
  if (to - from < 5 || to - from > 63) return false;
  if ((text.charCodeAt(from) | 0x20) !== 0x78 || (text.charCodeAt(from + 1) | 0x20) !== 0x6e) return false;
  if (text.charCodeAt(from + 2) !== 0x2d || text.charCodeAt(from + 3) !== 0x2d) return false;
  for (let i = from + 4; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (!isAsciiLetterOrDigit(c) && !isFoldedLetter(c)) return false;
  }
  return true;
}

/** `hostname_re + domain_re + tld_no_fqdn_re`: labels joined by dots, at least two, the last a TLD. */
function isDomainName(domain: string): boolean {
  const lastDot = domain.lastIndexOf('.');
  if (lastDot < 1) return false;
  let from = 0;
  while (from <= lastDot) {
    const dot = domain.indexOf('.', from);
    if (!isLabel(domain, from, dot, true, 1)) return false;
    from = dot + 1;
  }
  const n = domain.length;
  return isLabel(domain, from, n, false, 2) || isPunycodeTld(domain, from, n);
}

/** Python's `ipaddress.IPv4Address(text)`: four decimal octets of 0–255, no leading zero. */
function isIpv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
}

/** Python's `ipaddress.IPv6Address(text)` (its `_ip_int_from_string`), under Django's 39 characters. */
function isIpv6(text: string): boolean {
  if (text.length > 39) return false;
  const parts = text.split(':');
  if (parts.length < 3) return false;
  if (parts[parts.length - 1]!.includes('.')) {
    if (!isIpv4(parts.pop()!)) return false;
    parts.push('0', '0');
  }
  if (parts.length > 9) return false;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i += 1) {
    if (parts[i] !== '') continue;
    if (skip !== -1) return false;
    skip = i;
  }
  let hi: number;
  let lo: number;
  if (skip !== -1) {
    hi = skip;
    lo = parts.length - skip - 1;
    if (parts[0] === '' && --hi !== 0) return false;
    if (parts[parts.length - 1] === '' && --lo !== 0) return false;
    if (8 - (hi + lo) < 1) return false;
  } else {
    if (parts.length !== 8) return false;
    hi = 8;
    lo = 0;
  }
  const written = [...parts.slice(0, hi), ...(lo > 0 ? parts.slice(-lo) : [])];
  return written.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h));
}

/** `literal_regex` (`\[([A-F0-9:.]+)\]\Z`, IGNORECASE) and `validate_ipv46_address` on its group. */
function isAddressLiteral(domain: string): boolean {
  if (domain.length < 3 || domain.charCodeAt(0) !== 0x5b || domain.charCodeAt(domain.length - 1) !== 0x5d) return false;
  const ip = domain.slice(1, -1);
  if (!/^[0-9A-Fa-f:.]+$/.test(ip)) return false;
  return isIpv4(ip) || isIpv6(ip);
}

/** Python's `len(text)`: code points (a surrogate pair is one). */
function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      n -= 1;
      i += 1;
    }
  }
  return n;
}

/**
 * Whether Django's `validate_email` takes `value` (already stripped, as DRF's `EmailField` strips).
 * @example isDjangoEmail('a@b.co') // true; isDjangoEmail('a@b.c') // false: a one-letter TLD
 */
export function isDjangoEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at === -1 || (value.length > MAX_EMAIL_LENGTH && codePointLength(value) > MAX_EMAIL_LENGTH)) return false;
  const user = value.slice(0, at);
  if (!isDotAtom(user) && !isQuotedString(user)) return false;
  const domain = value.slice(at + 1);
  return domain === 'localhost' || isDomainName(domain) || isAddressLiteral(domain);
}
