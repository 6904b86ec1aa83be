import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Operation } from '../spec/load-specs.ts';
import { DRF } from './drf-errors.ts';
import type { AppEnv, Principal } from './env.ts';
import { requestHeader } from './request-header.ts';
import type { TokenTable } from './tokens.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A header DRF would split into exactly `Token` (any case) and one key. */
const PLAIN_TOKEN = /^token \S+$/i;

/**
 * Operations sent with POST that change nothing: login, and the body forms of the tag-filter
 * lists (a page of requests, like their GET forms — the key just travels in the body).
 */
const READS_BY_POST = new Set(['login', 'filterCancellationRequestsByTagPost', 'excludeCancellationRequestsByTagPost']);

/** True when an operation changes state (everything but reads, login and the POST-form lists). */
export function isMutating(op: Pick<Operation, 'method' | 'operationId'>): boolean {
  return !SAFE_METHODS.has(op.method) && !READS_BY_POST.has(op.operationId);
}

/**
 * True for GET, HEAD and OPTIONS. A request with one of them only ever matches an operation of
 * the same method (Hono answers HEAD from the GET route), so it never runs a mutating operation.
 */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

export interface OperationGate {
  /**
   * The first handler of every API route: names the operation the route serves (so the
   * self-check and logs know it), then authenticates and authorises as DRF would.
   * @example app.get('/api/v1/cancellation_plans/:id/', gate.operation('retrieveCancellationPlan'), handler)
   */
  operation(operationId: string): MiddlewareHandler<AppEnv>;
  /** The operation id a gate middleware stands for (used to check routes against the spec). */
  operationOf(handler: unknown): string | undefined;
  /**
   * DRF's `initial()` for a request the path's view has no handler for (its 405): DRF
   * authenticates and checks permissions before it looks the handler up, so the 405 is heard
   * only by a caller who may use the view. `here` are the path's own operations: when every one
   * is public (login) nobody is asked for a token; a read-only token is refused (403) any method
   * but GET, HEAD and OPTIONS. Undefined: the caller may hear the 405. Sets no operation.
   */
  admit(c: Context<AppEnv>, here: readonly Operation[]): Response | undefined;
}

export function createOperationGate(operations: readonly Operation[], tokens: TokenTable): OperationGate {
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const owners = new Map<unknown, string>();
  return {
    operation(operationId) {
      const op = byId.get(operationId);
      if (!op) throw new Error(`route names operation ${operationId}, which no served spec defines`);
      // Not `async`: a request that passes hands on the route's own promise (`return next()`),
      // so the gate adds no promise and no microtask of its own to every API request (issue 26).
      // Hono's compose awaits whatever a handler returns, a `Response` included.
      const handler = ((c, next) => {
        c.set('operation', op);
        if (!op.isPublic) {
          const found = principalOf(c, tokens);
          if (!isPrincipal(found)) return found;
          if (found.role === 'readonly' && isMutating(op)) return c.json(DRF.permissionDenied, 403);
          c.set('principal', found);
        }
        return next();
      }) as MiddlewareHandler<AppEnv>;
      owners.set(handler, operationId);
      return handler;
    },
    operationOf: (handler) => owners.get(handler),
    admit(c, here) {
      if (here.every((op) => op.isPublic)) return undefined;
      const found = principalOf(c, tokens);
      if (!isPrincipal(found)) return found;
      if (found.role === 'readonly' && !isSafeMethod(c.req.method)) return c.json(DRF.permissionDenied, 403);
      c.set('principal', found);
      return undefined;
    },
  };
}

/**
 * True when the request's `Authorization` names a principal (either API token), read as
 * `principalOf` reads it; writes nothing on the context. For sessions: only such a request may
 * create one (session-middleware.ts).
 */
export function presentsToken(c: Context, tokens: TokenTable): boolean {
  return presentedPrincipal(c, tokens) !== null;
}

/**
 * Whether the gate lets this request on, deciding as `operation` and `admit` do but answering
 * nothing and writing nothing on the context: `served` is the operation whose route takes the
 * request (a HEAD's is its path's GET, as Hono answers HEAD from the GET route), `here` the path's
 * operations when no route does (its 405, `admit`). A public operation, or a path whose operations
 * are all public, lets anyone on; otherwise a valid token must be presented, and the read-only one
 * is refused a write. A path no operation has meets no gate (its 404 or 301): true. For `Prefer`,
 * which answers only a request the gate admits (fault-middleware.ts).
 */
export function gateAdmits(c: Context, tokens: TokenTable, served: Operation | undefined, here: readonly Operation[]): boolean {
  if (served ? served.isPublic : here.every((op) => op.isPublic)) return true;
  const found = presentedPrincipal(c, tokens);
  if (found === null) return false;
  return found.role !== 'readonly' || !(served ? isMutating(served) : !isSafeMethod(c.req.method));
}

/** The principal the request's `Authorization` names, read as `principalOf` reads it, or null. */
function presentedPrincipal(c: Context, tokens: TokenTable): Principal | null {
  const header = requestHeader(c, 'authorization');
  if (header === undefined) return null;
  let key: string;
  if (PLAIN_TOKEN.test(header)) key = header.slice(6);
  else {
    const parts = header.trim().split(/\s+/);
    if (parts[0]?.toLowerCase() !== 'token' || parts.length !== 2) return null;
    key = parts[1]!;
  }
  return tokens.lookup(key, (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket ?? undefined);
}

/**
 * Who the request's `Authorization` names, as DRF's `TokenAuthentication` reads it, or the 401
 * that says why nobody: no `Token` header, a malformed one, or a key no token has.
 */
function principalOf(c: Context<AppEnv>, tokens: TokenTable): Principal | Response {
  const header = requestHeader(c, 'authorization');
  let key: string;
  // `Token <key>` as clients send it is read without splitting; anything else as DRF splits it.
  if (header !== undefined && PLAIN_TOKEN.test(header)) key = header.slice(6);
  else {
    const parts = header?.trim().split(/\s+/) ?? [];
    if (!header || parts[0]?.toLowerCase() !== 'token') {
      c.header('WWW-Authenticate', 'Token');
      return c.json(DRF.notAuthenticated, 401);
    }
    if (parts.length === 1) return unauthorized(c, DRF.invalidTokenHeader);
    if (parts.length > 2) return unauthorized(c, DRF.invalidTokenSpaces);
    key = parts[1]!;
  }
  // The socket, when there is one: a keep-alive client's key is digested once (tokens.ts).
  const principal = tokens.lookup(key, (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket ?? undefined);
  return principal ?? unauthorized(c, DRF.invalidToken);
}

/** A principal (a plain record with a role), not an answer. */
function isPrincipal(found: Principal | Response): found is Principal {
  return (found as Partial<Principal>).role !== undefined;
}

function unauthorized(c: Context<AppEnv>, body: { detail: string; code: string }): Response {
  c.header('WWW-Authenticate', 'Token');
  return c.json(body, 401);
}
