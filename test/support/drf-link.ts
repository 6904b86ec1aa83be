/**
 * DRF's page link the slow, obvious way, for tests to compare the mock's links with (ADR 0020):
 * `replace_query_param(href, 'page', page)`, or `remove_query_param(href, 'page')` for page 1
 * (rest_framework/utils/urls.py) — the query read as `parse_qs(keep_blank_values=True)` reads it
 * (the form parser reads it the same way), one entry per name, `page` set or dropped, the names
 * sorted by code point and written back with `quote_plus`. Written apart from `src/http/page-url.ts`
 * on purpose: no shortcut, no shared code.
 */
export function drfLink(href: string, page: number): string {
  const cut = href.indexOf('#');
  const whole = cut === -1 ? href : href.slice(0, cut);
  const q = whole.indexOf('?');
  const base = q === -1 ? whole : whole.slice(0, q);
  const dict = new Map<string, string[]>();
  // A leading `&` keeps URLSearchParams from dropping a `?` that opens the query text.
  for (const [name, value] of new URLSearchParams(q === -1 ? '' : `&${whole.slice(q + 1)}`)) {
    if (!dict.has(name)) dict.set(name, []);
    dict.get(name)!.push(value);
  }
  if (page === 1) dict.delete('page');
  else dict.set('page', [String(page)]);
  const query = [...dict.keys()]
    .sort(byCodePoint)
    .flatMap((n) => dict.get(n)!.map((v) => `${quotePlus(n)}=${quotePlus(v)}`))
    .join('&');
  return query === '' ? base : `${base}?${query}`;
}

/** Python's `str` order: by code point. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Python's `quote_plus`, byte by byte: `A–Z a–z 0–9 _ . - ~` kept, a space `+`, the rest `%XX`. */
function quotePlus(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_.~-]/.test(c) ? c : b === 0x20 ? '+' : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
