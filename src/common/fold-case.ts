/**
 * Case folding for case-insensitive filters (DOMAIN.md §1): NFC, then the Turkish capitals and
 * the dotless i all fold to a plain `i` (`İ`, `I`, `ı` → `i`), then lower case. So `İsmail`,
 * `ismail` and `ISMAIL` match, and `IŞIK` matches `ışık`. JavaScript's own `toLowerCase()` turns
 * `İ` into `i̇` (i + combining dot) and leaves `ı` alone, which would miss both.
 */
export function foldCase(text: string): string {
  return text.normalize('NFC').replace(/[İIı]/g, 'i').toLowerCase();
}
