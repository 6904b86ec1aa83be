import type { OpenAPIV3 } from 'openapi-types';

const DETAIL: OpenAPIV3.SchemaObject = {
  type: 'object',
  required: ['detail'],
  properties: { detail: { type: 'string' }, code: { type: 'string' } },
};
const BAD_REQUEST: OpenAPIV3.SchemaObject = {
  type: 'object',
  description: 'DRF field errors (`{"field": ["message"]}`) or a `{"detail", "code"}` body.',
};

/** The DRF error statuses the resource engine (or the gate in front of it) can answer. */
const ADDED: Record<string, { description: string; schema: OpenAPIV3.SchemaObject }> = {
  '400': { description: 'Invalid body or query (DRF field errors). Added by omnitron-mock.', schema: BAD_REQUEST },
  '401': { description: 'No or an invalid token. Added by omnitron-mock.', schema: DETAIL },
  '403': { description: 'A read-only token on a write. Added by omnitron-mock.', schema: DETAIL },
  '404': { description: 'Not found (or an invalid page). Added by omnitron-mock.', schema: DETAIL },
  '405': { description: 'Method not allowed. Added by omnitron-mock.', schema: DETAIL },
  '415': { description: 'Unsupported media type. Added by omnitron-mock.', schema: DETAIL },
};

/** What a write answers when `--state-file` could not save it (issue 19: durable appends). */
const NOT_SAVED = {
  description: 'With `--state-file`, the change could not be written to the state file (a full disk) and was not applied. Added by omnitron-mock.',
  schema: DETAIL,
};

/** What a write that spends the write budget answers past it (ADR 0022). */
const BUDGET_FULL = {
  description: 'What API writes may add to the mock is used up (`insufficient_storage`); nothing was changed. Added by omnitron-mock.',
  schema: DETAIL,
};

/**
 * Makes a vendor document servable as it is (specs/CORRECTIONS.md#any-document): each error
 * status the engine can answer is added to an operation that lacks it, so the self-check and
 * `--strict` hold for every answer — a write's 503 when the state file could not save it, too.
 * The write budget's 507 is not among them: only the engine's plan knows which writes spend
 * it (`addBudgetStatus`, called from `engine/budget-statuses.ts`).
 * Statuses the document gives are kept as they are.
 */
export function addDrfStatuses(operation: OpenAPIV3.OperationObject, method = 'get'): void {
  const write = !['get', 'head', 'options'].includes(method.toLowerCase());
  addStatuses(operation, { ...ADDED, ...(write && { '503': NOT_SAVED }) });
}

/** Adds the write budget's 507 to an operation whose handler spends it, unless it lists one. */
export function addBudgetStatus(operation: { responses?: OpenAPIV3.ResponsesObject }): void {
  addStatuses(operation, { '507': BUDGET_FULL });
}

function addStatuses(operation: { responses?: OpenAPIV3.ResponsesObject }, added: typeof ADDED): void {
  const responses = (operation.responses ??= {}) as Record<string, OpenAPIV3.ResponseObject>;
  for (const [status, { description, schema }] of Object.entries(added)) {
    if (responses[status]) continue;
    responses[status] = { description, content: { 'application/json': { schema } } };
  }
}

/**
 * A stable operationId for an operation that has none: method and path, camel-cased
 * (`GET /api/v1/cancellation_reasons/{id}/` → `getApiV1CancellationReasonsById`).
 */
export function derivedOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => (p.startsWith('{') ? `by_${p.slice(1, -1)}` : p))
    .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
    .filter((w) => w !== '');
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}
