/**
 * Case folding for case-insensitive filters (DOMAIN.md §1): NFC, then the Turkish capitals and
 * the dotless i all fold to a plain `i` (`İ`, `I`, `ı` → `i`), then lower case. So `İsmail`,
 * `ismail` and `ISMAIL` match, and `IŞIK` matches `ışık`. JavaScript's own `toLowerCase()` turns
 * `İ` into `i̇` (i + combining dot) and leaves `ı` alone, which would miss both.
 */
export function foldCase(text: string): string {
  if (ALREADY_FOLDED.test(text)) return text;
  return text.normalize('NFC').replace(/[İIı]/g, 'i').toLowerCase();
}

/**
 * Printable ASCII without capitals folds to itself (NFC, the i rule and lower case change none
 * of it): most order numbers, e-mails, SKUs and codes. A test is ~4× cheaper than the folding,
 * which index builds do for every row (issue 26).
 */
const ALREADY_FOLDED = /^[\x20-\x40\x5b-\x7e]*$/;
