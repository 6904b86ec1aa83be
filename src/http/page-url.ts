/**
 * DRF's `next`/`previous` link for `page` without building a `URL` and re-serializing its query
 * (`new URL(href)`, `searchParams.set`, `toString()`: ~10 % of a ten-row list's work, issue 26),
 * for the common query whose every parameter the form serializer would write back as it stands.
 * Null for any other (an escape the serializer writes otherwise, a bare name, an empty pair, a
 * fragment, bytes that are not UTF-8): the caller then builds the link through `URL`, whose answer
 * this one equals wherever it answers (`test/page-url.test.ts`).
 */
export function pageLink(href: string, page: number): string | null {
  if (href.includes('#')) return null;
  const q = href.indexOf('?');
  const base = q === -1 ? href : href.slice(0, q);
  const pairs = q === -1 || q === href.length - 1 ? [] : href.slice(q + 1).split('&');
  const out: string[] = [];
  let placed = false;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || !writtenBack(pair.slice(0, eq)) || !writtenBack(pair.slice(eq + 1))) return null;
    // A name that re-serializes as itself equals `page` only when it reads `page`.
    if (pair.slice(0, eq) !== 'page') out.push(pair);
    else if (page !== 1 && !placed) {
      // `URLSearchParams.set`: the first `page` takes the value, the others go.
      out.push(`page=${page}`);
      placed = true;
    }
  }
  // DRF drops `page` from the link to page 1 (`remove_query_param`); `set` appends a new one.
  if (page !== 1 && !placed) out.push(`page=${page}`);
  return out.length === 0 ? base : `${base}?${out.join('&')}`;
}

/**
 * True when the application/x-www-form-urlencoded parser and serializer give `part` back as it
 * stands: plain characters (`*-._`, digits, letters, and `+`, a space written `+` again), and
 * upper-case escapes only of bytes the serializer escapes (not a space, which it writes `+`), that
 * decode as UTF-8 (a bad byte would come back as U+FFFD). One pass over the characters; only
 * escapes of bytes past ASCII are decoded to check them.
 */
function writtenBack(part: string): boolean {
  let high = false;
  for (let i = 0; i < part.length; i += 1) {
    const c = part.charCodeAt(i);
    // A raw space is not written back (the serializer writes `+`).
    if (c === 0x2b || (c !== 0x20 && keptAsIs(c))) continue;
    if (c !== 0x25) return false;
    const byte = (upperHex(part.charCodeAt(i + 1)) << 4) | upperHex(part.charCodeAt(i + 2));
    if (byte < 0 || keptAsIs(byte)) return false;
    if (byte >= 0x80) high = true;
    i += 2;
  }
  if (!high) return true;
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** The value of an upper-case hex digit; a negative number for anything else (NaN included). */
function upperHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -256;
}

/** Bytes the form serializer writes unescaped (`*-._`, digits, letters), and the space (as `+`). */
function keptAsIs(byte: number): boolean {
  return (
    byte === 0x20 || byte === 0x2a || byte === 0x2d || byte === 0x2e || byte === 0x5f ||
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
  );
}
