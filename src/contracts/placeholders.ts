import { makeTurkishIban } from '../common/iban.ts';

/**
 * Typed placeholders: what a recording (`omnitron-mock record`) writes in place of a secret or a
 * piece of personal data, so real customers' IBANs, e-mails and tokens never reach disk. Each is
 * an ordinary template name, `{{secret_<kind>_<n>}}`, so the template engine needs no new syntax;
 * at replay each becomes a valid synthetic value of its kind (a checksum-valid Turkish IBAN, an
 * e-mail, the side's own token), the same one for the same placeholder throughout a run, so a
 * value posted in one step and filtered on in the next still matches.
 */

export const PLACEHOLDER_KINDS = [
  'iban', 'email', 'phone', 'name', 'address', 'token', 'invalid_token', 'username', 'password', 'credential',
] as const;
export type PlaceholderKind = (typeof PLACEHOLDER_KINDS)[number];

const PLACEHOLDER = new RegExp(`^secret_(${PLACEHOLDER_KINDS.join('|')})_([1-9]\\d*)$`);

/** The template name of the `n`th placeholder of a kind: `secret_iban_1`. */
export function placeholderName(kind: PlaceholderKind, n: number): string {
  return `secret_${kind}_${n}`;
}

/** The kind and number a placeholder name stands for; null for any other name. */
export function parsePlaceholder(name: string): { kind: PlaceholderKind; n: number } | null {
  const m = PLACEHOLDER.exec(name);
  return m ? { kind: m[1] as PlaceholderKind, n: Number(m[2]) } : null;
}

/** True for a placeholder name: the loader treats these as built in, never as captures. */
export function isPlaceholder(name: string): boolean {
  return PLACEHOLDER.test(name);
}

/**
 * The built-in variable a placeholder takes its value from (`token`, `username`, `password`),
 * so a scenario that needs the target's login is skipped, with the reason, when the target has
 * none configured. Null for kinds the harness makes up.
 */
export function placeholderBuiltIn(name: string): 'token' | 'username' | 'password' | null {
  const kind = parsePlaceholder(name)?.kind;
  return kind === 'token' || kind === 'username' || kind === 'password' ? kind : null;
}

const FIRST = ['Deniz', 'Ece', 'Mert', 'Zehra', 'Emre', 'Selin', 'Kaan', 'Derya'];
const LAST = ['Aydın', 'Kaya', 'Şahin', 'Doğan', 'Yıldız', 'Öztürk', 'Arslan', 'Çetin'];
const DISTRICTS = ['Kadıköy', 'Çankaya', 'Konak', 'Nilüfer', 'Muratpaşa'];

/**
 * The value a placeholder stands for at replay on one side: the side's own token, username or
 * password, or a synthetic value of the kind, derived from its number alone (the same on both
 * sides and in every run). Undefined for a name that is no placeholder, or a credential the side
 * lacks.
 * @example resolvePlaceholder('secret_iban_2', {}) // 'TR…' passing isValidTurkishIban
 */
export function resolvePlaceholder(name: string, vars: Readonly<Record<string, string>>): string | undefined {
  const p = parsePlaceholder(name);
  if (!p) return undefined;
  const { kind, n } = p;
  switch (kind) {
    case 'token':
    case 'username':
    case 'password':
      return vars[kind];
    case 'invalid_token':
      return `invalid-recorded-token-${n}`;
    case 'credential':
      return `recorded-credential-${n}`;
    case 'iban':
      return makeTurkishIban(`000620${String(n).padStart(16, '0')}`);
    case 'email':
      return `recorded.person${n}@example.com`;
    case 'phone':
      return `+90555${String(n).padStart(7, '0')}`;
    case 'name':
      return `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
    case 'address':
      return `Örnek Sokak No: ${n}, ${DISTRICTS[n % DISTRICTS.length]}`;
  }
}
