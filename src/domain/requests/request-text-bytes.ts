import type { CancellationRequest } from '../../store/types.ts';
import { TEXT_CHAR_BYTES, textChars } from '../../store/write-budget.ts';

/**
 * The write budget's estimate of a request's free text (`store/write-budget.ts`): the fields a
 * client sets to any length — the description, the holder's name and the IBAN (checked, but its
 * text is kept as sent).
 */
export function requestTextBytes(r: Pick<CancellationRequest, 'description' | 'holder_name' | 'iban'>): number {
  return TEXT_CHAR_BYTES * (textChars(r.description) + textChars(r.holder_name) + textChars(r.iban));
}
