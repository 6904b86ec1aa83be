/**
 * The query string of a request URL as `new URL(url).search` has it, without `?`; '' for none. The
 * adapter and `Request` hand over URLs already serialized (`URL.href`), so the lists' quick
 * readers (filters, `limit`/`page`, a generic list's plain query) read this text instead of
 * parsing the URL again. A `?` after the first `#` is the fragment's, not a query's.
 */
export function queryTextOf(href: string): string {
  const hash = href.indexOf('#');
  const q = href.indexOf('?');
  if (q === -1 || (hash !== -1 && q > hash)) return '';
  return hash === -1 ? href.slice(q + 1) : href.slice(q + 1, hash);
}
