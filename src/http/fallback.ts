import type { Context } from 'hono';
import type { Operation } from '../spec/load-specs.ts';
import { pathOperations } from '../spec/path-route.ts';
import { hasDotSegment } from './dot-segments.ts';
import { DRF } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import type { OperationGate } from './operation-gate.ts';

/**
 * What Django answers when no route takes a request: 405 with `Allow` for a known path and
 * another method; for a path missing its trailing slash, a 301 to the slashed path on GET/HEAD
 * (Django's APPEND_SLASH only redirects what it can safely repeat) and 404 otherwise; else 404.
 * The 405 comes from the path's DRF view, which authenticates and checks permissions first
 * (`gate.admit`: 401 without a valid token, 403 for a read-only token's write).
 * `Allow` names what the path answers: its operations' methods, and HEAD with a GET, as DRF lists
 * them. Not OPTIONS: the mock answers it only as a CORS preflight, since DRF's metadata answer
 * (view names, docstrings, serializer fields) is nothing the served specs describe (README, CORS).
 */
export function unroutedResponse(c: Context<AppEnv>, operations: readonly Operation[], gate: OperationGate): Response {
  // A path with a `.` or `..` segment is no route's, whatever the method (dot-segments.ts).
  if (hasDotSegment(c.req.path)) return c.json(DRF.notFound, 404);
  const url = new URL(c.req.url);
  const path = url.pathname;
  const method = c.req.method;
  // A literal path (`…/bulk_add_tags/`) is its own route in Django, ahead of the `{id}/` one
  // its text also matches: only its own methods are allowed there.
  const here = pathOperations(operations, path);
  if (here.length > 0) {
    const refused = gate.admit(c, here);
    if (refused !== undefined) return refused;
    const methods = new Set(here.map((op) => op.method));
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].join(', ');
    c.header('Allow', allow);
    return c.json(DRF.methodNotAllowed(method), 405);
  }
  if (!path.endsWith('/') && operations.some((op) => op.pattern.test(`${path}/`))) {
    if (method === 'GET' || method === 'HEAD') return c.redirect(`${path}/${url.search}`, 301);
  }
  return c.json(DRF.notFound, 404);
}
