/**
 * Turkish IBANs (ISO 13616): `TR`, two check digits, then 22 digits — a 5-digit bank code, a
 * reserve digit `0` and a 16-digit account number. A refund request paid back to a bank account
 * must carry one (DOMAIN.md §3), and the seed must make ones that a real validator accepts, so both
 * directions live here.
 */

const TURKISH_IBAN = /^TR\d{24}$/;
/** `T` and `R` as ISO 13616 letters (A = 10 … Z = 35), moved behind the digits with `00`/check. */
const TR_DIGITS = '2927';
/** `TR_DIGITS` and the `00` that stands for the check digits while they are computed. */
const TR_CHECK_PLACEHOLDER = `${TR_DIGITS}00`;

/**
 * The remainder modulo 97 of `rest` followed by the decimal `digits`, one digit at a time over
 * char codes: no BigInt and no substrings (the 100,000-plan seed makes ~50,000 IBANs).
 */
function mod97(digits: string, rest = 0): number {
  for (let i = 0; i < digits.length; i += 1) rest = (rest * 10 + digits.charCodeAt(i) - 48) % 97;
  return rest;
}

/**
 * True for `TR` + 24 digits whose ISO 13616 mod-97 checksum holds. Strict on form: no spaces, no
 * lower case — the mock answers what Omnitron's serializer would accept, not what a form tidies.
 * @example isValidTurkishIban('TR330006100519786457841326') // true
 */
export function isValidTurkishIban(iban: string): boolean {
  if (!TURKISH_IBAN.test(iban)) return false;
  return mod97(iban.slice(2, 4), mod97(TR_DIGITS, mod97(iban.slice(4)))) === 1;
}

/**
 * Builds a checksum-valid Turkish IBAN from the 22 digits after the check digits
 * (bank code, reserve `0`, account). Throws when `digits22` is not 22 digits.
 * @example makeTurkishIban('0006100519786457841326') // 'TR330006100519786457841326'
 */
export function makeTurkishIban(digits22: string): string {
  if (!/^\d{22}$/.test(digits22)) throw new Error(`an IBAN body needs 22 digits: ${digits22}`);
  const check = 98 - mod97(TR_CHECK_PLACEHOLDER, mod97(digits22));
  return `TR${String(check).padStart(2, '0')}${digits22}`;
}
