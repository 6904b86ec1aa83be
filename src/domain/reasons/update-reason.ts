import { FIELD_MESSAGES, fail, ok, REASON_MESSAGES, type Result } from '../errors.ts';
import { booleanField, choiceField, integerField, nullableCharField, readFields, type FieldReader } from '../shared/drf-fields.ts';
import { readDict } from '../shared/drf-input.ts';
import type { Clock } from '../../common/clock.ts';
import type { Store } from '../../store/store.ts';
import { CANCELLATION_TYPES, type CancellationReason } from '../../store/types.ts';
import { reasonTranslations } from './serialize-reason.ts';

/**
 * Writes to a cancellation reason (apidocs.akinon.com/omnitron-openapis/cancellation-reasons):
 * PUT requires `cancellation_type` and `subject`, PATCH and the sales-channel PUT ("Partially
 * update", …/saleschannelcancellationreasons) require nothing. DELETE is soft: `is_active` false.
 * One rule beyond the fields': a reason that requests or plans cite keeps its type.
 */
export type ReasonWriteMode = 'put' | 'partial';

const subjectField: FieldReader<string> = (raw) => {
  if (raw === null) return { error: [FIELD_MESSAGES.null] };
  const read = nullableCharField({ allowBlank: false })(raw);
  if ('error' in read) return read;
  const text = read.value ?? '';
  return text.length > 100 ? { error: [FIELD_MESSAGES.maxLength(100)] } : { value: text };
};

const READERS = {
  cancellation_type: choiceField(CANCELLATION_TYPES),
  extra_information_needed: booleanField,
  order: integerField(-2_147_483_648),
  subject: subjectField,
  is_active: booleanField,
  send_to_remote: booleanField,
  send_to_oms: booleanField,
};

/** Answers the reason as stored after the write, or DRF's field errors (nothing written). */
export function updateReason(
  store: Store,
  input: { pk: number; body: unknown; mode: ReasonWriteMode; clock: Clock },
): Result<CancellationReason> {
  const before = store.reasons.get(input.pk);
  if (!before) return fail({ kind: 'not_found' });
  const dict = readDict(input.body);
  if (!dict.ok) return dict;
  const read = readFields(dict.value, READERS, (f) => input.mode === 'put' && (f === 'cancellation_type' || f === 'subject'));
  if ('errors' in read) return fail({ kind: 'field', errors: read.errors });
  const given = Object.fromEntries(Object.entries(read.values).filter(([, v]) => v !== undefined));
  const changed = Object.keys(given).some((k) => given[k] !== before[k as keyof CancellationReason]);
  if (!changed) return ok(before);
  // Inferred rule: requests and plans must keep naming a reason of their own type (DOMAIN.md §3).
  if (given.cancellation_type !== undefined && given.cancellation_type !== before.cancellation_type && isCited(store, before.pk)) {
    return fail({ kind: 'field', errors: { cancellation_type: [REASON_MESSAGES.typeFixedWhileCited(before.pk)] } });
  }
  const after: CancellationReason = {
    ...before,
    ...given,
    created_date: before.created_date ?? before.modified_date,
    modified_date: input.clock.now(),
  };
  // The translations of a seeded subject are derived from it: keep them before it changes.
  if (after.subject !== before.subject && before.translations === undefined) after.translations = reasonTranslations(before);
  store.reasons.set(after.pk, after);
  return ok(after);
}

/** True when a request or a plan item names the reason. */
function isCited(store: Store, pk: number): boolean {
  for (const r of store.requests.values()) if (r.reason === pk) return true;
  for (const line of store.planItems.values()) if (line.reason === pk) return true;
  return false;
}

/** The vendor's soft delete: the reason stays, inactive; requests that cite it keep it. */
export function deactivateReason(store: Store, pk: number, clock: Clock): Result<CancellationReason> {
  return updateReason(store, { pk, body: { is_active: false }, mode: 'partial', clock });
}
