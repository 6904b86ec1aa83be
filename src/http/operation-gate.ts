import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Operation } from '../spec/load-specs.ts';
import { DRF } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
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
          if (!principal) return unauthorized(c, DRF.invalidToken);
          if (principal.role === 'readonly' && isMutating(op)) return c.json(DRF.permissionDenied, 403);
          c.set('principal', principal);
        }
        return next();
      }) as MiddlewareHandler<AppEnv>;
      owners.set(handler, operationId);
      return handler;
    },
    operationOf: (handler) => owners.get(handler),
  };
}

function unauthorized(c: Parameters<MiddlewareHandler<AppEnv>>[0], body: { detail: string; code: string }): Response {
  c.header('WWW-Authenticate', 'Token');
  return c.json(body, 401);
}
