import { Hono } from 'hono';
import { FIELD_MESSAGES, type DomainError } from '../domain/errors.ts';
import { nullableCharField, readFields, type FieldReader } from '../domain/shared/drf-fields.ts';
import { pythonStr, readDict } from '../domain/shared/drf-input.ts';
import type { AppEnv } from './env.ts';
import { readJsonBody } from './json-body.ts';
import type { RouteDeps } from './route-deps.ts';
import { secretEquals } from './tokens.ts';

/**
 * DRF authtoken's `AuthTokenSerializer`: two `CharField`s, the username stripped as a `CharField`
 * strips (`" akinon "` logs in), the password as sent (`trim_whitespace=False`: `"  "` is a
 * password, not a blank); a number is read as its text, null is "This field may not be null.".
 */
const usernameField = nullableCharField({ allowBlank: false });
const LOGIN_FIELDS = {
  username: (raw: unknown) => (raw === null ? { error: [FIELD_MESSAGES.null] } : usernameField(raw)),
  password: (raw: unknown) => {
    if (raw === null) return { error: [FIELD_MESSAGES.null] };
    if (typeof raw !== 'string' && typeof raw !== 'number') return { error: [FIELD_MESSAGES.notAString] };
    const text = typeof raw === 'string' ? raw : pythonStr(raw);
    return text === '' ? { error: [FIELD_MESSAGES.blank] } : { value: text };
  },
} satisfies Record<string, FieldReader<string | null>>;

/** A `readDict` refusal's body: `{"non_field_errors": [...]}`. */
function fieldErrorsOf(error: DomainError): Record<string, unknown> {
  return error.kind === 'field' ? error.errors : { non_field_errors: ['Invalid data.'] };
}

/**
 * Login (DOMAIN.md §1): `{"username","password"}` → `{"key": MOCK_TOKEN}`, DRF authtoken's
 * shapes for missing fields and bad credentials. Needs no token.
 */
export function authRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.post('/api/v1/auth/login/', deps.gate.operation('login'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const dict = readDict(body.value);
    if (!dict.ok) return c.json(fieldErrorsOf(dict.error), 400);
    const read = readFields(dict.value, LOGIN_FIELDS, () => true);
    if ('errors' in read) return c.json(read.errors, 400);
    const userOk = secretEquals(read.values.username!, deps.config.username);
    const passOk = secretEquals(read.values.password!, deps.config.password);
    if (!userOk || !passOk) {
      return c.json({ non_field_errors: ['Unable to log in with provided credentials.'] }, 400);
    }
    return c.json({ key: deps.config.token });
  });
  return app;
}
