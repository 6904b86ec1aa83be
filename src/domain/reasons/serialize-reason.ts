import type { CancellationReason } from '../../store/types.ts';
import { stableUuid } from '../requests/serialize-request.ts';

/**
 * The reason endpoints' answer: the vendor's `CancellationReason` fields
 * (apidocs.akinon.com/omnitron-openapis/cancellation-reasons and …/saleschannelcancellationreasons).
 * `uuid`, `translations`, `send_to_oms` and `created_date` are not in the seeded records (adding
 * them would change every seeded byte, `test/seed-golden.test.ts`); they are derived here: a uuid
 * from the pk, the English subject of a seeded Turkish one, `send_to_oms` false until written,
 * and the creation date as the last change when nothing older is known.
 */
export function serializeReasonResource(reason: CancellationReason): Record<string, unknown> {
  return {
    pk: reason.pk,
    cancellation_type: reason.cancellation_type,
    extra_information_needed: reason.extra_information_needed,
    order: reason.order,
    subject: reason.subject,
    is_active: reason.is_active,
    send_to_remote: reason.send_to_remote,
    send_to_oms: reason.send_to_oms ?? false,
    translations: reasonTranslations(reason),
    uuid: stableUuid(`cancellation_reason:${reason.pk}`),
    created_date: reason.created_date ?? reason.modified_date,
    modified_date: reason.modified_date,
  };
}

/**
 * The reason's translations: those a write kept, else the English of a seeded subject. The
 * subject is the default language's text; changing it leaves the other languages as they were,
 * as a Django model's translation fields are left.
 */
export function reasonTranslations(reason: CancellationReason): Record<string, Record<string, string>> {
  if (reason.translations) return reason.translations;
  const english = ENGLISH_SUBJECTS[reason.subject];
  return english ? { 'en-us': { subject: english } } : {};
}

/** The seeded subjects' English (inferred: the translation key follows Akinon's OMS pages, `en-us`). */
const ENGLISH_SUBJECTS: Readonly<Record<string, string>> = {
  'Siparişimi yanlışlıkla verdim.': 'I placed my order by mistake.',
  'Ürünü satın almaktan vazgeçtim.': 'I changed my mind about buying the product.',
  'Teslimat süresi çok uzun.': 'The delivery time is too long.',
  'Daha uygun fiyata buldum.': 'I found it cheaper elsewhere.',
  'Teslimat adresini değiştirmek istiyorum.': 'I want to change the delivery address.',
  'Diğer': 'Other',
  'Ürün hasarlı geldi.': 'The product arrived damaged.',
  'Beden uymadı.': 'The size did not fit.',
  'Ürün beklentimi karşılamadı.': 'The product did not meet my expectations.',
  'Yanlış ürün gönderildi.': 'The wrong product was sent.',
  'Ürün açıklamadaki gibi değil.': 'The product is not as described.',
  'Kargo paketi eksik geldi.': 'The parcel arrived incomplete.',
};
