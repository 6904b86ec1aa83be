/** How deep the walk goes (see `maskSecrets`). */
const MAX_DEPTH = 32;

/** What a masked value reads as. */
export const MASK = '********';

/** Field names that hold credentials: `password`, `secret_key`, `token`, `api_key`, `authorization`. */
const SECRET_FIELD = /pass(word|wd|phrase)?$|(^|_)(secret|secret_key|client_secret|private_key|token|api_key|apikey|authorization|credentials?)$/i;

/** `scheme://user:password@host` — the password part of a URL's user info. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i;

/**
 * A copy of a JSON value with credentials masked: values under secret-looking field names, and
 * passwords inside URLs (a webhook `target_url` may carry basic auth). Tag keys (`key`, `keys`)
 * and ids are data, not credentials, and stay. A `__proto__` key in a body stays an own data
 * property. Past `MAX_DEPTH` levels a value is kept as it is, unwalked: a hostile body nested a
 * hundred thousand deep must not overflow the stack (no real field sits that deep).
 */
export function maskSecrets(value: unknown, field: string | null = null, depth = 0): unknown {
  if (field !== null && SECRET_FIELD.test(field) && value !== null && value !== undefined) return MASK;
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, field, depth + 1));
  if (typeof value === 'string') return value.replace(URL_PASSWORD, `$1:${MASK}@`);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, not `out[k] =`: a key named `__proto__` must stay an own property.
    Object.defineProperty(out, k, { value: maskSecrets(v, k, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Whether JSON `text` may hold something `maskSecrets` would mask: a secret-looking word, a URL
 * with user info, or an escape that could spell either. False means the text can be kept as sent
 * without parsing it — a 1 MB body parsed, copied and written again costs several times its size
 * in garbage on every write (issue 19's soak). Errs on the side of true.
 */
export function mayHoldSecret(text: string): boolean {
  return MAY_HOLD_SECRET.test(text);
}

const MAY_HOLD_SECRET = /pass|secret|private_key|token|api_?key|authorization|credential|:\/\/[^"/?#@]*@|\\u/i;
