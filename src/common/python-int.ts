/**
 * Whole numbers read from text the way the Python behind Omnitron reads them: pagination's
 * `limit` and `page`, serializer integer fields, pk lookups and the list filters' integers
 * (`drfIntegerText`, as `forms.IntegerField` reads them: `src/domain/shared/filter-values.ts`).
 */

import { stripEnds } from './strip-ends.ts';

const PYTHON_INT = /^[+-]?\d+(?:_\d+)*$/;
/** CPython's `sys.int_info.str_digits_check_threshold` default: `int()` refuses a longer decimal text (3.8.14+). */
const MAX_INT_DIGITS = 4300;

/**
 * What CPython's `int()` strips around its text: ASCII whitespace (tab to CR, space) and every
 * non-ASCII character `str.isspace` calls a space (it turns those into ASCII spaces first). Not
 * U+001C–U+001F, which `isspace` also calls spaces but `int()` copies as they are (CPython 3.8–3.13),
 * and not the BOM U+FEFF. JS's `trim()` strips the BOM and keeps U+0085.
 */
export function isIntSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** `text` without the spaces `int()` strips at either end. */
export function stripIntSpace(text: string): string {
  return stripEnds(text, isIntSpace);
}

/**
 * DRF's `IntegerField.re_decimal` (`\.0*\s*$`): a trailing point and zeros it strips before
 * `int()`. Python's `re` `\s` is `str.isspace`, U+001C–U+001F included, the BOM not. Texts of
 * any length reach it from the list filters (DRF's serializer fields stop at 1,000 characters
 * first): it backtracks only within one run of `0`s and spaces, so it stays linear.
 */
const DRF_DECIMAL = /\.0*[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/**
 * A whole number as Python's `int(text)` reads one: surrounding whitespace, a sign and single
 * underscores between digits are allowed (`" 2"`, `"+2"`, `"1_0"`), up to 4,300 digits (leading
 * zeros count, underscores do not); anything else is null.
 * (Python also takes non-ASCII decimal digits; this reads ASCII ones only.)
 */
export function pythonInt(text: string): number | null {
  const t = stripIntSpace(text);
  if (!PYTHON_INT.test(t)) return null;
  const plain = t.replaceAll('_', '');
  const digits = plain.length - (plain[0] === '+' || plain[0] === '-' ? 1 : 0);
  return digits > MAX_INT_DIGITS ? null : Number(plain);
}

/** What DRF's `IntegerField` makes of a text: `int(re_decimal.sub('', text))` (`"3.0"`, `" 3. "`). */
export function drfIntegerText(text: string): number | null {
  return pythonInt(text.replace(DRF_DECIMAL, ''));
}
