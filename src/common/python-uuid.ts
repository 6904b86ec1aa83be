import { stripIntSpace } from './python-int.ts';
import { stripEnds } from './strip-ends.ts';

/**
 * Python's `uuid.UUID(text)` (as Django's `forms.UUIDField` runs it): the 32 lower-case hex digits
 * of the UUID it reads, or null where it raises `ValueError`. Its rules, from CPython's
 * Lib/uuid.py: every `urn:` and `uuid:` is removed (anywhere), `{` and `}` are stripped from both
 * ends, every `-` is removed; exactly 32 characters must be left, read by `int(hex, 16)` — which
 * takes `int()`'s spaces around them, a sign, a `0x` prefix and single underscores between digits
 * — and the number must lie in 0 … 2¹²⁸ − 1 (a negative one is refused). So `{…}`,
 * `urn:uuid:…`, hyphens anywhere and upper case all name the same UUID. Known difference, as in
 * `python-int.ts`: `int()` also reads non-ASCII decimal digits (`٥`, `𝟘`) and Python counts the 32
 * in code points; this reads ASCII hex only, so such a spelling is "Enter a valid UUID." here.
 * @example pythonUuidHex('{12345678-1234-1234-1234-123456789ABC}') // '12345678123412341234123456789abc'
 */
export function pythonUuidHex(text: string): string | null {
  const hex = stripEnds(text.replaceAll('urn:', '').replaceAll('uuid:', ''), isBrace).replaceAll('-', '');
  if (hex.length !== 32) return null;
  return hexInt(hex);
}

function isBrace(c: number): boolean {
  return c === 0x7b || c === 0x7d;
}

/** `int(text, 16)` as 32 hex digits, or null where Python refuses it. */
function hexInt(given: string): string | null {
  const text = stripIntSpace(given);
  let from = 0;
  const to = text.length;
  // A sign: only `+` is left to read (every `-` went before `int()`).
  if (text[from] === '+') from += 1;
  // A `0x` prefix may be followed by one underscore before the first digit.
  let underscoreAllowed = false;
  if (text[from] === '0' && (text[from + 1] === 'x' || text[from + 1] === 'X')) {
    from += 2;
    underscoreAllowed = true;
  }
  let digits = '';
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) {
      if (!underscoreAllowed) return null;
      underscoreAllowed = false;
      continue;
    }
    if (!isHexDigit(c)) return null;
    digits += text[i]!.toLowerCase();
    underscoreAllowed = true;
  }
  // No digit at all, or an underscore last.
  if (digits === '' || text.charCodeAt(to - 1) === 0x5f) return null;
  return digits.replace(/^0+/, '').padStart(32, '0');
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}
