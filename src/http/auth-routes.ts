import { Hono } from 'hono';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';
import { isObject, readJsonBody } from './json-body.ts';
import type { RouteDeps } from './route-deps.ts';
import { secretEquals } from './tokens.ts';

/**
 * Login (DOMAIN.md §1): `{"username","password"}` → `{"key": MOCK_TOKEN}`, DRF authtoken's
 * shapes for missing fields and bad credentials. Needs no token.
 */
export function authRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  app.post('/api/v1/auth/login/', deps.gate.operation('login'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const data = isObject(body.value) ? body.value : {};
    const errors: Record<string, string[]> = {};
    for (const field of ['username', 'password'] as const) {
      const v = data[field];
      if (v === undefined || v === null) errors[field] = [FIELD_MESSAGES.required];
      else if (typeof v !== 'string') errors[field] = [FIELD_MESSAGES.notAString];
      else if (v === '') errors[field] = [FIELD_MESSAGES.blank];
    }
    if (Object.keys(errors).length > 0) return c.json(errors, 400);
    const userOk = secretEquals(String(data.username), deps.config.username);
    const passOk = secretEquals(String(data.password), deps.config.password);
    if (!userOk || !passOk) {
      return c.json({ non_field_errors: ['Unable to log in with provided credentials.'] }, 400);
    }
    return c.json({ key: deps.config.token });
  });
  return app;
}
