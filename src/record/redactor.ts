import { placeholderName, type PlaceholderKind } from '../contracts/placeholders.ts';
import { canonicalValue, findByLook, kindOfKey, RETURNED_KEYS, type ValueMatch } from './secret-kinds.ts';

/** Learned values kept at most: a recording of huge customer lists stops learning, not working. */
const MAX_KNOWN = 20_000;
/** Shorter learned values are replaced only as a whole string, never inside other text. */
const MIN_INSIDE = 3;
const WORD = /[\p{L}\p{N}]/u;

/**
 * Replaces secrets and personal data in recorded requests with typed placeholders
 * (`{{secret_iban_1}}`), one table for the whole recording, so the same value always gets the
 * same placeholder and a flow that posts an IBAN and then filters on it still replays. Besides
 * what field names and the look of a value give away, it learns the personal values that answers
 * carry (a customer's name in a list), so a later request that uses one — in a search box, say —
 * is caught although nothing about the text says "name".
 */
export class Redactor {
  private readonly assigned = new Map<string, string>();
  private readonly counts = new Map<PlaceholderKind, number>();
  private readonly known = new Map<string, PlaceholderKind>();
  private readonly knownLower = new Map<string, string>();
  /** Placeholders written so far (a value written twice counts twice). */
  replaced = 0;

  /** The template for a value of a kind: the one it got before, if it was seen as that kind. */
  placeholder(kind: PlaceholderKind, value: string, learn = true): string {
    // Keyed by kind too: a password that equals the username must still replay as the password.
    const id = `${kind} ${canonicalValue(kind, value)}`;
    let name = this.assigned.get(id);
    if (!name) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      name = placeholderName(kind, n);
      this.assigned.set(id, name);
      if (learn) this.remember(value, kind);
    }
    this.replaced++;
    return `{{${name}}}`;
  }

  /** Notes a value as secret without writing it anywhere yet. */
  remember(value: string, kind: PlaceholderKind): void {
    if (value.length < 2 || this.known.has(value) || this.known.size >= MAX_KNOWN) return;
    this.known.set(value, kind);
    this.knownLower.set(value.toLowerCase(), value);
  }

  /**
   * Learns the secrets an answer holds, by field name (an array takes its field's kind), plus
   * credentials it hands out (`{"key": …}` of a login, `token`, `access`…).
   */
  learn(body: unknown): void {
    const walk = (value: unknown, kind: PlaceholderKind | null, depth: number): void => {
      if (Array.isArray(value)) return value.forEach((v) => walk(v, kind, depth + 1));
      if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          walk(v, kindOfKey(k), depth + 1);
          // `key` is a credential only at the top of an answer (login's); elsewhere it names things.
          if (typeof v === 'string' && v.length >= 8 && RETURNED_KEYS.has(k) && (k !== 'key' || depth === 0)) this.remember(v, 'token');
        }
        return;
      }
      if (!kind || kind === 'token' || kind === 'username') return;
      if (typeof value === 'string' || (kind === 'phone' && typeof value === 'number')) this.remember(String(value), kind);
    };
    walk(body, null, 0);
  }

  /**
   * A string with every secret in it replaced. `keyKind` (from the field's name) makes the
   * whole value one placeholder; otherwise learned values and e-mails, IBANs and phone numbers
   * found by their look are replaced where they stand. A literal `{{` is broken up (`{ {`), so
   * the client's own text is never read as a template.
   */
  redactText(text: string, keyKind: PlaceholderKind | null = null, learn = true): string {
    if (text === '') return text;
    if (keyKind) return this.placeholder(keyKind, text, learn);
    const whole = this.known.get(text) ?? this.known.get(this.knownLower.get(text.toLowerCase()) ?? '');
    if (whole) return this.placeholder(whole, this.knownLower.get(text.toLowerCase()) ?? text);
    const matches = this.find(text);
    let out = '';
    let at = 0;
    for (const m of matches) {
      out += neutralise(text.slice(at, m.start)) + this.placeholder(m.kind, text.slice(m.start, m.end));
      at = m.end;
    }
    return out + neutralise(text.slice(at));
  }

  /** True when the whole text is a value learned (from an answer or an earlier placeholder). */
  knowsWhole(text: string): boolean {
    return this.known.has(text) || this.knownLower.has(text.toLowerCase());
  }

  /** True when the text holds something `redactText` would replace. */
  holdsSecret(text: string): boolean {
    return this.known.has(text) || this.knownLower.has(text.toLowerCase()) || this.find(text).length > 0;
  }

  /** Non-overlapping matches, in order; of two that overlap, the longer wins. */
  private find(text: string): ValueMatch[] {
    const all = findByLook(text);
    for (const [value, kind] of this.known) {
      if (value.length < MIN_INSIDE || value.length > text.length) continue;
      for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
        const before = i > 0 ? text[i - 1]! : '';
        const after = text[i + value.length] ?? '';
        if (!WORD.test(before) && !WORD.test(after)) all.push({ start: i, end: i + value.length, kind });
      }
    }
    all.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: ValueMatch[] = [];
    for (const m of all) {
      const last = kept[kept.length - 1];
      if (!last || m.start >= last.end) kept.push(m);
      else if (m.end - m.start > last.end - last.start) kept[kept.length - 1] = m;
    }
    return kept;
  }
}

function neutralise(text: string): string {
  return text.includes('{{') ? text.replace(/\{\{/g, '{ {') : text;
}
