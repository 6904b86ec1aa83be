/**
 * Whole numbers read from text the way the Python behind Omnitron reads them, so every reader
 * of the mock (pagination, serializer fields, pk lookups) accepts and refuses the same texts.
 */

const PYTHON_INT = /^[+-]?\d+(?:_\d+)*$/;
/**
 * Python's whitespace (`str.isspace`, what `int()` strips and `re`'s `\s` matches), which is not
 * JS's `trim()`/`\s` set: it takes the separators U+001C–U+001F and U+0085, and not the BOM U+FEFF.
 */
const SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const AROUND = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');
/** DRF's `IntegerField.re_decimal` (`\.0*\s*$`): a trailing point and zeros it strips before `int()`. */
const DRF_DECIMAL = new RegExp(`\\.0*${SPACE}*$`);

/**
 * A whole number as Python's `int(text)` reads one: surrounding whitespace, a sign and single
 * underscores between digits are allowed (`" 2"`, `"+2"`, `"1_0"`); anything else is null.
 * (Python also takes non-ASCII decimal digits; this reads ASCII ones only.)
 */
export function pythonInt(text: string): number | null {
  const t = text.replace(AROUND, '');
  return PYTHON_INT.test(t) ? Number(t.replaceAll('_', '')) : null;
}

/** What DRF's `IntegerField` makes of a text: `int(re_decimal.sub('', text))` (`"3.0"`, `" 3. "`). */
export function drfIntegerText(text: string): number | null {
  return pythonInt(text.replace(DRF_DECIMAL, ''));
}
