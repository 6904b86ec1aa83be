import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { clipEcho, type DomainError } from '../domain/errors.ts';

/**
 * DRF's error bodies, word for word (DOMAIN.md §1). Clients and the contract harness match on
 * these strings, so they live in one place.
 */
export const DRF = {
  notAuthenticated: { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' },
  invalidToken: { detail: 'Invalid token.', code: 'authentication_failed' },
  invalidTokenHeader: { detail: 'Invalid token header. No credentials provided.', code: 'authentication_failed' },
  invalidTokenSpaces: { detail: 'Invalid token header. Token string should not contain spaces.', code: 'authentication_failed' },
  permissionDenied: { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
  notFound: { detail: 'Not found.', code: 'not_found' },
  invalidPage: { detail: 'Invalid page.', code: 'not_found' },
  serverError: { detail: 'A server error occurred.', code: 'error' },
  /** Mock only: the browser build has no XLSX writer (specs/CORRECTIONS.md "Browser build"). */
  xlsxNotInBrowser: { detail: 'XLSX export is not available in the browser build of omnitron-mock; use export_format=csv.', code: 'not_implemented' },
  methodNotAllowed: (method: string) => ({ detail: `Method "${clipEcho(method)}" not allowed.`, code: 'method_not_allowed' }),
  /** The type is clipped (`clipEcho`): a `Content-Type` header may be 16 KiB long. */
  unsupportedMediaType: (type: string) => ({ detail: `Unsupported media type "${clipEcho(type)}" in request.`, code: 'unsupported_media_type' }),
  /** Mock only: API writes have added all they may to the state (README "Limits"; ADR 0022). */
  writeBudgetFull: {
    detail: 'The mock holds as much as API writes may add to it; nothing was changed. Reset the state (POST /__mock/reset) or end a session to write more.',
    code: 'insufficient_storage',
  },
  parseError: (reason: string) => ({ detail: `JSON parse error - ${reason}`, code: 'parse_error' }),
} as const;

/** Answers a DRF `{"detail", "code"}` body. */
export function detail(c: Context, status: ContentfulStatusCode, body: { detail: string; code: string }): Response {
  return c.json(body, status);
}

/** Answers field errors: `{"pk": ["Enter a whole number."]}`. */
export function fieldErrors(c: Context, errors: Record<string, string[]>): Response {
  return c.json(errors, 400);
}

/** Turns a business outcome into its HTTP answer. */
export function domainErrorResponse(c: Context, error: DomainError): Response {
  switch (error.kind) {
    case 'rule':
      return c.json({ non_field_errors: [error.message], code: error.code }, 400);
    case 'field':
      return c.json(error.errors, 400);
    case 'not_found':
      return c.json(DRF.notFound, 404);
    case 'full':
      return c.json(DRF.writeBudgetFull, 507);
  }
}
