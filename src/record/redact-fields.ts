import { fieldHint, isIdText, type IdHint } from './id-hints.ts';
import type { Redactor } from './redactor.ts';
import { kindOfKey } from './secret-kinds.ts';

/**
 * What turns one request value into what a step holds: a typed placeholder when the field's
 * name says it is secret, a `{{capture}}` when it is an id an earlier answer gave, else the
 * text with any secret inside it replaced. The request's own resource tells whose ids `pk` and
 * `ids` are.
 */
export interface FieldContext {
  redactor: Redactor;
  /** The capture name for an id, or null when no earlier answer holds it (it stays as sent). */
  captureId(value: string, hint: IdHint): string | null;
  /** Where the request is about (`cancellation_plan`). */
  resource: string | null;
  /** Ids kept as sent because no earlier answer held them: reported on the console. */
  hardCoded: string[];
}

/** A query value (or a comma list of ids, `pk__in=1,2`) under `key`. */
export function redactQueryValue(key: string, value: string, ctx: FieldContext): string {
  const kind = kindOfKey(key);
  if (kind) return ctx.redactor.redactText(value, kind);
  const parts = value.split(',');
  if (value !== '' && parts.every((p) => fieldHint(key, p, ctx.resource) !== null)) {
    return parts.map((p) => idOrText(key, p, ctx)).join(',');
  }
  return ctx.redactor.redactText(value);
}

/** A JSON request body, walked: object keys, strings and numbers under their field names. */
export function redactJsonBody(value: unknown, ctx: FieldContext, key: string | null = null): unknown {
  if (Array.isArray(value)) return value.map((v) => redactJsonBody(v, ctx, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [ctx.redactor.holdsSecret(k) ? ctx.redactor.redactText(k) : k, redactJsonBody(v, ctx, k)]));
  }
  const kind = key ? kindOfKey(key) : null;
  if (typeof value === 'string') {
    if (kind) return ctx.redactor.redactText(value, kind);
    return key && fieldHint(key, value, ctx.resource) ? idOrText(key, value, ctx) : ctx.redactor.redactText(value);
  }
  if (typeof value === 'number') {
    if (kind === 'phone' || kind === 'iban') return ctx.redactor.redactText(String(value), kind);
    if (key && fieldHint(key, value, ctx.resource)) {
      const name = ctx.captureId(String(value), fieldHint(key, value, ctx.resource)!);
      if (name) return `{{${name}}}`;
      ctx.hardCoded.push(`${key}=${value}`);
    }
  }
  return value;
}

/** A form body (`a=1&b=2`), field by field, re-encoded around its templates. */
export function redactFormBody(text: string, ctx: FieldContext): string {
  const out: string[] = [];
  // `URLSearchParams` drops one leading `?`, which Django's form parser keeps in the first name.
  for (const [k, v] of new URLSearchParams(text.startsWith('?') ? `?${text}` : text)) {
    const key = ctx.redactor.holdsSecret(k) ? ctx.redactor.redactText(k) : k;
    out.push(`${encodeAroundTemplates(key)}=${encodeAroundTemplates(redactQueryValue(k, v, ctx))}`);
  }
  return out.join('&');
}

function idOrText(key: string, value: string, ctx: FieldContext): string {
  const hint = fieldHint(key, value, ctx.resource);
  const name = hint ? ctx.captureId(value, hint) : null;
  if (name) return `{{${name}}}`;
  if (hint && isIdText(value)) ctx.hardCoded.push(`${key}=${value}`);
  return ctx.redactor.redactText(value);
}

/** URL-encodes text except its `{{templates}}`, which replay fills (and encodes) itself. */
export function encodeAroundTemplates(text: string): string {
  return text.split(/(\{\{[A-Za-z_][\w-]*\}\})/).map((part, i) => (i % 2 === 1 ? part : encodeURIComponent(part))).join('');
}
