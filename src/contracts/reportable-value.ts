/**
 * Fields whose values are codes, not personal data: a report may show them. Reports go to CI
 * artefacts and never carry what a live answer holds about customers (docs/decisions/0005), so a
 * `promise` finding shows any other string only by its kind and length.
 */
const CODE_FIELDS = new Set(['status', 'plan_type', 'cancellation_type', 'currency', 'channel_type', 'count', 'next', 'previous']);

/** How a report shows `value`, read from the field `field` of an answer or a request. */
export function reportableValue(field: string, value: unknown): string {
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value !== 'string' || CODE_FIELDS.has(field)) return JSON.stringify(value) ?? String(value);
  return `a string of ${value.length} characters`;
}
