import type { Query } from './filter-defs.ts';

/**
 * A query string read as Django's `QueryDict` reads it (issue 26: the list filters' quick reader
 * beside `URLSearchParams`). Split from `filter-parse.ts`, which keeps the parses.
 */

/**
 * The pairs of a query string as `URL.searchParams` has them. `new URLSearchParams(text)` drops a
 * leading `?`, which here is part of the query (`/plans/??status=x` asks for `?status`, a name
 * Django ignores), so one is put in front for it to drop.
 */
export function formParamsOf(search: string): URLSearchParams {
  return new URLSearchParams(search.charCodeAt(0) === 0x3f ? `?${search}` : search);
}

/** The query as Django's `QueryDict.get` sees it: the last value of each name. */
export function lastValuesOf(params: URLSearchParams): Query {
  const out = new Map<string, string>();
  for (const [k, v] of params) out.set(k, v);
  return out;
}

/** Printable ASCII only: anything else is left to `URLSearchParams` (`formPairsOf`). */
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * `lastValuesOf(new URLSearchParams(search))` read straight from the text: the same names in the
 * same order (a repeated name keeps its first place and its last value), decoded as the form
 * parser decodes them (`+` a space, then percent escapes as UTF-8). Null where the two could
 * differ — a character outside printable ASCII, a leading `?`, an escape that is not valid UTF-8
 * (the form parser writes U+FFFD there; `decodeURIComponent` throws) — and the caller parses.
 * `test/form-pairs.test.ts` holds the two equal over unusual spellings.
 */
export function formPairsOf(search: string): Query | null {
  const out = new Map<string, string>();
  if (search === '') return out;
  if (search.charCodeAt(0) === 0x3f || !PRINTABLE.test(search)) return null;
  const end = search.length;
  // The next `=` at or after `from`, found once and kept while pairs without one pass it (a
  // search per pair would read to the end each time: quadratic on `a&a&a…`).
  let nextEq = -1;
  for (let from = 0; from <= end; ) {
    let amp = search.indexOf('&', from);
    if (amp === -1) amp = end;
    // An empty pair (`&&`, a trailing `&`) is skipped, as the form parser skips it.
    if (amp > from) {
      if (nextEq < from) {
        nextEq = search.indexOf('=', from);
        if (nextEq === -1) nextEq = Infinity;
      }
      const eq = nextEq > amp ? amp : nextEq;
      const name = formDecoded(search.slice(from, eq));
      const value = eq === amp ? '' : formDecoded(search.slice(eq + 1, amp));
      if (name === null || value === null) return null;
      out.set(name, value);
    }
    from = amp + 1;
  }
  return out;
}

/** One name or value as the form parser decodes it, or null where `decodeURIComponent` refuses it. */
function formDecoded(part: string): string | null {
  if (!part.includes('%') && !part.includes('+')) return part;
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    return null;
  }
}
