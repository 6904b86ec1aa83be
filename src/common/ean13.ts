/**
 * The EAN-13 check digit (GS1): the first twelve digits weighted 1, 3, 1, 3, … from the left; the
 * check digit brings the sum up to a multiple of ten. Seeded products carry
 * `erp_barcode_ean13` barcodes like seed 003's `8682061225213`, and a barcode with a wrong check
 * digit would be rejected by any scanner or ERP import, so the seed computes it.
 * @example ean13CheckDigit('868206122521') // '3'
 */
export function ean13CheckDigit(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`an EAN-13 body needs 12 digits: ${first12}`);
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** True for 13 digits whose last digit is the check digit of the first twelve. */
export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === code[12];
}
