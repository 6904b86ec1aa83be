import { diffSchemas } from './schema-diff.ts';
import { SPEC_RULES, type SpecChange, type SpecRule } from './spec-change.ts';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads an OpenAPI 3.0 document (JSON or YAML, its `$ref`s to other files followed) and
 * dereferences it, cycles kept as object cycles. Throws with the file's name when it cannot.
 */
export async function loadOpenApi(file: string): Promise<Json> {
  // Loaded on use: the CLI is one bundle, and this copy of the ref parser (the package's own, not
  // swagger-parser's that serving uses) cost every `serve` start ~80 ms of CPU to load.
  const { default: $RefParser } = await import('@apidevtools/json-schema-ref-parser');
  const doc = (await $RefParser.dereference(file, { dereference: { circular: true } })) as unknown;
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !isObject(doc.paths)) throw new Error(`${file} is not an OpenAPI 3 document (no openapi and paths)`);
  return doc;
}

interface Op {
  label: string;
  operation: Json;
  /** Path-level parameters first, then the operation's own (which win). */
  parameters: Map<string, Json>;
}

/** `/a/{id}/` and `/a/{pk}/` are the same route: parameter names are the server's business. */
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

function operationsOf(doc: Json): Map<string, Op> {
  const out = new Map<string, Op>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const parameters = new Map<string, Json>();
      for (const p of [...asList(item.parameters), ...asList(operation.parameters)]) parameters.set(parameterKey(path, p), p);
      out.set(routeKey(method, path), { label: `${method.toUpperCase()} ${path}`, operation, parameters });
    }
  }
  return out;
}

/**
 * A parameter's key across two documents: `query status`, and a path parameter by its place in
 * the path (`path {1}`), since a client fills the place, not the name — `/a/{id}/` renamed
 * `/a/{pk}/` sends the same URL. A path parameter the path does not hold keeps its name.
 */
function parameterKey(path: string, p: Json): string {
  if (p.in === 'path') {
    const place = [...path.matchAll(/\{([^}]+)\}/g)].findIndex((m) => m[1] === p.name);
    if (place >= 0) return `path {${place + 1}}`;
  }
  return `${p.in} ${p.name}`;
}

/** How a change names a parameter: `parameter query status`, `parameter path id`. */
const parameterLabel = (p: Json) => `parameter ${String(p.in)} ${String(p.name)}`;

function asList(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/**
 * Every difference between two OpenAPI documents that a client could notice, each marked
 * breaking or not by the rules of `SPEC_RULES`: operations, parameters, request bodies (the new
 * document must accept what the old one did) and responses (it must not send what the old one did
 * not promise). Pure over two dereferenced documents.
 */
export function diffSpecs(before: Json, after: Json): SpecChange[] {
  const out: SpecChange[] = [];
  const oldOps = operationsOf(before);
  const newOps = operationsOf(after);
  for (const [key, a] of oldOps) {
    const b = newOps.get(key);
    if (!b) out.push(change('operation-removed', a.label, '', 'no longer in the document', null));
    else out.push(...diffOperation(a, b));
  }
  for (const [key, b] of newOps) if (!oldOps.has(key)) out.push(change('operation-added', b.label, '', 'new in the document', null));
  return out;
}

function diffOperation(a: Op, b: Op): SpecChange[] {
  const out: SpecChange[] = [];
  const op = b.label;
  const here = (rule: SpecRule, location: string, message: string, correction: string | null) => out.push(change(rule, op, location, message, correction));
  const id = (o: Json) => (typeof o.operationId === 'string' ? o.operationId : null);
  if (id(a.operation) && id(a.operation) !== id(b.operation)) here('operation-id-changed', 'operationId', `${id(a.operation)} → ${id(b.operation) ?? 'none'}`, correctionOf(b.operation));
  for (const [key, p] of a.parameters) {
    const q = b.parameters.get(key);
    if (!q) {
      here('parameter-removed', parameterLabel(p), 'no longer documented', null);
      continue;
    }
    if (p.required !== true && q.required === true) here('parameter-now-required', parameterLabel(q), 'now required', correctionOf(q));
    if (isObject(p.schema) && isObject(q.schema)) {
      for (const f of diffSchemas(p.schema, q.schema, 'request', correctionOf(q))) here(f.rule, `${parameterLabel(q)}${f.path}`, f.message, f.correction);
    }
  }
  for (const [key, q] of b.parameters) {
    if (a.parameters.has(key)) continue;
    here(q.required === true ? 'parameter-added-required' : 'parameter-added', parameterLabel(q), 'new', correctionOf(q));
  }
  out.push(...diffBodies(a.operation, b.operation, op));
  return out;
}

function diffBodies(a: Json, b: Json, op: string): SpecChange[] {
  const out: SpecChange[] = [];
  const ra = isObject(a.requestBody) ? a.requestBody : null;
  const rb = isObject(b.requestBody) ? b.requestBody : null;
  if (rb?.required === true && ra?.required !== true) out.push(change('request-body-now-required', op, 'request body', 'now required', correctionOf(rb)));
  if (ra && rb) out.push(...diffContent(ra, rb, op, 'request body', 'request'));
  const resA = isObject(a.responses) ? a.responses : {};
  const resB = isObject(b.responses) ? b.responses : {};
  for (const [status, x] of Object.entries(resA)) {
    const y = resB[status];
    if (!isObject(y)) {
      out.push(change(status.startsWith('2') ? 'response-removed' : 'error-response-removed', op, `response ${status}`, 'no longer documented', null));
      continue;
    }
    if (isObject(x)) out.push(...diffContent(x, y, op, `response ${status}`, 'response'));
  }
  for (const status of Object.keys(resB)) if (!(status in resA)) out.push(change('response-added', op, `response ${status}`, 'newly documented', correctionOf(resB[status])));
  return out;
}

function diffContent(a: Json, b: Json, op: string, where: string, direction: 'request' | 'response'): SpecChange[] {
  const out: SpecChange[] = [];
  const ca = isObject(a.content) ? a.content : {};
  const cb = isObject(b.content) ? b.content : {};
  for (const [media, x] of Object.entries(ca)) {
    const y = cb[media];
    if (!isObject(y)) {
      out.push(change(direction === 'request' ? 'request-media-type-removed' : 'response-media-type-removed', op, `${where} ${media}`, 'no longer documented', correctionOf(b)));
      continue;
    }
    if (!isObject(x) || !isObject(x.schema) || !isObject(y.schema)) continue;
    for (const f of diffSchemas(x.schema, y.schema, direction, correctionOf(y) ?? correctionOf(b))) {
      out.push(change(f.rule, op, `${where} ${media} ${f.path || '/'}`, f.message, f.correction));
    }
  }
  return out;
}

function correctionOf(node: unknown): string | null {
  if (!isObject(node)) return null;
  const text = node['x-correction'];
  if (typeof text === 'string') return /#([\w-]+)/.exec(text)?.[1] ?? null;
  return node['x-inferred'] === true ? 'inferred' : null;
}

function change(rule: SpecRule, operation: string, location: string, message: string, correction: string | null): SpecChange {
  return { rule, breaking: SPEC_RULES[rule].breaking, operation, location, message, correction };
}
