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

/** Characters the form serializer writes as they are (`+` is a space, and written `+` again). */
const PLAIN = /^[A-Za-z0-9*\-._+]*$/;
const ESCAPED = /^(?:[A-Za-z0-9*\-._+]|%[0-9A-F]{2})*$/;
const ESCAPE = /%([0-9A-F]{2})/g;

/**
 * True when the application/x-www-form-urlencoded parser and serializer give `part` back as it
 * stands: plain characters, and upper-case escapes only of bytes the serializer escapes (not a
 * space, which it writes `+`), that decode as UTF-8 (a bad byte would come back as U+FFFD).
 */
function writtenBack(part: string): boolean {
  if (PLAIN.test(part)) return true;
  if (!ESCAPED.test(part)) return false;
  for (const m of part.matchAll(ESCAPE)) if (keptAsIs(Number.parseInt(m[1]!, 16))) return false;
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** Bytes the form serializer writes unescaped (`*-._`, digits, letters), and the space (as `+`). */
function keptAsIs(byte: number): boolean {
  return (
    byte === 0x20 || byte === 0x2a || byte === 0x2d || byte === 0x2e || byte === 0x5f ||
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
  );
}
