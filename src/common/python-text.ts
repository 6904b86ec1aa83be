/**
 * Text read the way the Python behind Omnitron reads it: DRF's `CharField(trim_whitespace=True)`
 * calls `value.strip()`, Django's `forms.CharField(strip=True)` (django-filter's `CharFilter`) and
 * its date fields do the same, and DRF's "whitespace only is blank" rule asks `str(data).strip()
 * == ''`. Python's whitespace is `str.isspace`, which is not JS's: `trim()` strips the BOM
 * (U+FEFF), which Python keeps, and keeps U+001C–U+001F and U+0085, which Python strips.
 */

import { stripEnds } from './strip-ends.ts';

/**
 * `str.isspace` for one UTF-16 unit (every such character is in the BMP): tab to CR, U+001C–U+001F,
 * space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000
 * (CPython's `_PyUnicode_IsWhitespace`, checked against Python 3.11 over every code point).
 */
export function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c;
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Python's `text.strip()` (linear: `stripEnds`).
 * @example pythonStrip('\u0085 vip \u001f') // 'vip'; pythonStrip('\ufeffvip') keeps the BOM
 */
export function pythonStrip(text: string): string {
  return stripEnds(text, isPythonSpace);
}

/** `text.strip() == ''`: empty, or Python whitespace only (DRF's "This field may not be blank."). */
export function isPythonBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (!isPythonSpace(text.charCodeAt(i))) return false;
  return true;
}
