import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { Violation } from '../http/self-check.ts';
import { formatFindings, type Finding } from '../spec/finding.ts';
import {
  DEFAULT_SPEC_DIR,
  loadSpecs,
  type LoadedSpecs,
  type Operation,
} from '../spec/load-specs.ts';
import {
  createResponseChecker,
  lazyResponseChecker,
  mediaTypeOf,
  type ResponseChecker,
} from '../spec/response-checker.ts';
import { loadUnroutedSchema } from '../spec/unrouted-schema.ts';
import { FAULT_HEADER } from '../faults/fault-middleware.ts';

/**
 * The admin API's own OpenAPI document (`specs/admin/admin.openapi.yaml`), kept apart from the
 * served Omnitron documents: it describes the mock, not Omnitron, and must never appear in the
 * API reference or the contract harness. It always comes from the package, whatever
 * `--spec-dir` says, since the admin routes are the package's.
 */
export const ADMIN_SPEC_DIR = join(DEFAULT_SPEC_DIR, 'admin');

export interface AdminSpec {
  specs: LoadedSpecs;
  checker: ResponseChecker;
  operations: ReadonlyMap<string, Operation>;
}

let cached: Promise<AdminSpec> | undefined;

/** The admin spec of documents already loaded (`loadAdminSpec`'s tail; the browser build's seam). */
export function adminSpecOf(specs: LoadedSpecs, unrouted: object): AdminSpec {
  // Compiled on first use: a plain `serve` never checks admin answers, and compiling them cost
  // every start-up a third of a second (issue 13's kill loop starts the CLI fifty times).
  const checker = lazyResponseChecker(() => createResponseChecker(specs, unrouted));
  return { specs, checker, operations: new Map(specs.operations.map((op) => [op.operationId, op])) };
}

/** Loads, validates and compiles the admin document once per process. */
export function loadAdminSpec(): Promise<AdminSpec> {
  cached ??= (async () => {
    const specs = await loadSpecs(ADMIN_SPEC_DIR);
    return adminSpecOf(specs, await loadUnroutedSchema(DEFAULT_SPEC_DIR));
  })();
  return cached;
}

/**
 * The self-check for `/__mock/` answers, against the admin document. Like the API's, except:
 * a route that names no operation (health, the status page) is matched by method and path
 * when it succeeds; and a streamed NDJSON export is checked by status and media type only —
 * reading it whole to check it would defeat the streaming.
 */
export function adminSelfCheck(
  spec: AdminSpec,
  options: { replace: boolean; onViolation: (v: Violation) => void },
): MiddlewareHandler<AppEnv> {
  const byRoute = [...spec.operations.values()];
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.headers.get(FAULT_HEADER) === 'injected') return;
    const url = new URL(c.req.url);
    let operationId: string | null = c.get('operation')?.operationId ?? null;
    if (operationId === null && res.status < 400) {
      operationId =
        byRoute.find((op) => op.method === c.req.method && op.pattern.test(url.pathname))
          ?.operationId ?? null;
    }
    const contentType = res.headers.get('content-type');
    const mediaType = mediaTypeOf(contentType);
    let body: unknown;
    if (res.status === 204 || res.status === 304) body = undefined;
    else if (mediaType === 'application/x-ndjson') body = '(stream)';
    else if (mediaType === 'application/json') {
      const text = await res.clone().text();
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
    } else body = (await res.clone().arrayBuffer()).byteLength > 0 ? '(bytes)' : '';
    const findings: Finding[] = spec.checker.check(operationId, {
      status: res.status,
      contentType,
      body,
    });
    if (findings.length === 0) return;
    options.onViolation({
      method: c.req.method,
      path: url.pathname + url.search,
      operationId,
      status: res.status,
      findings,
    });
    if (options.replace) {
      c.res = new Response(
        JSON.stringify({
          detail: `Response failed the admin spec self-check: ${formatFindings(findings)}`,
          code: 'mock_self_check_failed',
        }),
        { status: 500, headers: { 'Content-Type': 'application/json' } },
      );
    }
  };
}
