/**
 * Whole numbers read from text the way the Python behind Omnitron reads them, so every reader
 * of the mock (pagination, serializer fields, pk lookups) accepts and refuses the same texts.
 */

const PYTHON_INT = /^[+-]?\d+(?:_\d+)*$/;
/** DRF's `IntegerField.re_decimal`: a trailing point and zeros it strips before `int()`. */
const DRF_DECIMAL = /\.0*\s*$/;

/**
 * A whole number as Python's `int(text)` reads one: surrounding whitespace, a sign and single
 * underscores between digits are allowed (`" 2"`, `"+2"`, `"1_0"`); anything else is null.
 * (Python also takes non-ASCII decimal digits; this reads ASCII ones only.)
 */
export function pythonInt(text: string): number | null {
  const t = text.trim();
  return PYTHON_INT.test(t) ? Number(t.replaceAll('_', '')) : null;
}

/** What DRF's `IntegerField` makes of a text: `int(re_decimal.sub('', text))` (`"3.0"`, `" 3. "`). */
export function drfIntegerText(text: string): number | null {
  return pythonInt(text.replace(DRF_DECIMAL, ''));
}
