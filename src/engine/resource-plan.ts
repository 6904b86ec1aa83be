import type { OpenAPIV3 } from 'openapi-types';
import type { LoadedSpecs, Operation } from '../spec/load-specs.ts';
import { DOMAIN_OPERATIONS, engineOperations, servedOperations } from '../spec/served-operations.ts';
import { ENGINE_KEY_SEPARATOR } from '../store/engine-row-index.ts';

type Schema = OpenAPIV3.SchemaObject;

/** The DRF viewset action an operation stands for, inferred from its path and method. */
export type ActionKind =
  | 'list' | 'create' | 'retrieve' | 'update' | 'partial_update' | 'destroy'
  | 'item_action' | 'collection_action';

/** A path parameter that scopes a resource (`/api/channel/{channel_id}/…`) and the field it reads. */
export interface ParentScope {
  param: string;
  /** The object's field holding the parent's id; null when none does (the row's scope is kept). */
  field: string | null;
}

export interface EngineAction {
  op: Operation;
  kind: ActionKind;
  /** The generic collection's name: the schema's `x-mock-collection` or `title`, else the path's noun. */
  collection: string;
  /** The path parameter naming the object (`{pk}`, `{id}`, `{uuid}`, `{slug}`); null on a collection path. */
  idParam: string | null;
  /** The object's field that is its identity. */
  idField: string;
  parents: ParentScope[];
  /** The object's schema (from the retrieve, list or create answer); null when none is documented. */
  schema: Schema | null;
  /** How a list answers: DRF's page envelope, or a plain array. */
  listShape: 'page' | 'array';
  /** The documented success status (the lowest 2xx). */
  success: number;
}

/** The engine's actions for a set of loaded documents: every served operation no domain handler serves. */
export function planEngine(specs: LoadedSpecs, domain: ReadonlySet<string> = DOMAIN_OPERATIONS): EngineAction[] {
  const served = servedOperations(specs);
  return planActions(engineOperations(served, domain), served);
}

const IDENTITY_FIELDS = ['pk', 'id', 'uuid', 'slug'];

/**
 * The collection a schema names (`x-mock-collection`, else its `title`), if any. A row is keyed
 * collection + U+0000 + identity and the state format's "c" is a string: any other name stops
 * the start, naming the operation.
 */
function collectionNamed(schema: Schema | null, op: Operation): string | undefined {
  const named = (schema?.['x-mock-collection' as keyof Schema] as unknown) ?? schema?.title;
  if (named === undefined || (typeof named === 'string' && !named.includes(ENGINE_KEY_SEPARATOR))) return named;
  throw new Error(`${op.method} ${op.path}: the schema's x-mock-collection or title ${JSON.stringify(named)} is no collection name (a string without U+0000)`);
}

/**
 * Infers the action of every engine operation. A literal path is a collection unless its parent
 * path is one (then it is a collection action: `reasons/statuses/`); a path ending in a
 * parameter is an item; a literal after an item parameter is an item action (`{id}/verb/`).
 * Operations on paths that share a collection path share one collection, and two paths whose
 * schema has the same title (a plain and a channel-scoped path) share it too. Collections and
 * items are told from `known`'s paths too (every served operation's): `cancellation_plans/summary/`
 * is an action on the domain's plans, not a collection of its own.
 */
export function planActions(operations: readonly Operation[], known: readonly Operation[] = operations): EngineAction[] {
  const collectionPaths = new Set<string>();
  const itemPaths = new Set<string>();
  for (const op of known === operations ? operations : [...operations, ...known]) {
    const parts = split(op.path);
    const last = parts[parts.length - 1];
    if (last && isParam(last)) {
      collectionPaths.add(join(parts.slice(0, -1)));
      itemPaths.add(join(parts));
    }
  }
  const shapes = operations.map((op) => shapeOf(op, collectionPaths, itemPaths));
  // The object schema of each collection path: from a retrieve, else a list's items, else a create.
  const schemaOfBase = new Map<string, Schema>();
  for (const s of shapes) {
    const found = objectSchemaOf(s.op, s.kind);
    if (found && (!schemaOfBase.has(s.base) || s.kind === 'retrieve')) schemaOfBase.set(s.base, found);
  }
  return shapes.map((s) => {
    const schema = schemaOfBase.get(s.base) ?? null;
    const noun = split(s.base).filter((p) => !isParam(p)).pop() ?? 'resource';
    const named = collectionNamed(schema, s.op);
    const props = schema?.properties ?? {};
    const idParam = s.idParam;
    const idField = identityField(idParam, props);
    const parents = split(s.base).filter(isParam).map((p) => paramName(p)).map((param) => ({
      param,
      field: scopeField(param, props, s.op),
    }));
    return {
      op: s.op, kind: s.kind, collection: named ?? noun, idParam, idField, parents, schema,
      listShape: listShapeOf(s.op),
      success: successStatus(s.op),
    };
  });
}

interface Shape { op: Operation; kind: ActionKind; base: string; idParam: string | null }

function shapeOf(op: Operation, collections: ReadonlySet<string>, items: ReadonlySet<string>): Shape {
  const parts = split(op.path);
  const last = parts[parts.length - 1] ?? '';
  if (isParam(last)) {
    const base = join(parts.slice(0, -1));
    const kinds: Record<string, ActionKind> = { GET: 'retrieve', PUT: 'update', PATCH: 'partial_update', DELETE: 'destroy' };
    return { op, kind: kinds[op.method] ?? 'item_action', base, idParam: paramName(last) };
  }
  const self = join(parts);
  const before = parts[parts.length - 2];
  // `{id}/verb/` is an item action when `{id}/` is an item path; otherwise (and always when
  // `verb/{x}/` exists) `…/{channel_id}/widgets/` is a parent-scoped collection.
  if (!collections.has(self) && before && isParam(before) && items.has(join(parts.slice(0, -1)))) {
    return { op, kind: 'item_action', base: join(parts.slice(0, -2)), idParam: paramName(before) };
  }
  const parent = join(parts.slice(0, -1));
  if (!collections.has(self) && collections.has(parent)) return { op, kind: 'collection_action', base: parent, idParam: null };
  if (op.method === 'GET') return { op, kind: 'list', base: self, idParam: null };
  if (op.method === 'POST') return { op, kind: 'create', base: self, idParam: null };
  return { op, kind: 'collection_action', base: self, idParam: null };
}

function identityField(param: string | null, props: Record<string, unknown>): string {
  if (param && param in props) return param;
  if (param === 'id' && 'pk' in props) return 'pk';
  if (param === 'pk' && 'id' in props) return 'id';
  return IDENTITY_FIELDS.find((f) => f in props) ?? param ?? 'pk';
}

/**
 * Which field of the object a parent parameter names: the declared mapping first
 * (`x-mock-scope-field` on the path parameter), then a field of the same name, then the name
 * without `_id`/`_pk` (`channel_id` → `channel`). Null when none: the row keeps the parameter.
 */
function scopeField(param: string, props: Record<string, unknown>, op: Operation): string | null {
  const declared = op.parameters.find((p) => p.in === 'path' && p.name === param)?.['x-mock-scope-field' as keyof OpenAPIV3.ParameterObject];
  if (typeof declared === 'string') return declared;
  if (param in props) return param;
  const bare = param.replace(/_(id|pk)$/, '');
  return bare in props ? bare : null;
}

/**
 * The status each engine operation's handler answers on success, by operationId: a destroy 204
 * and a retrieve, list or update 200 whatever else the document lists (DRF's viewsets), a create
 * or custom action its lowest documented 2xx. `Prefer: code=` reads it to tell the handler's own
 * success from another documented one (faults/prefer.ts).
 */
export function handlerStatuses(actions: readonly EngineAction[]): Map<string, number> {
  const fixed: Partial<Record<ActionKind, number>> = { destroy: 204, retrieve: 200, list: 200, update: 200, partial_update: 200 };
  return new Map(actions.map((a) => [a.op.operationId, fixed[a.kind] ?? a.success]));
}

/**
 * `handlerStatuses` of the engine's plan for a set of served operations, planned as `planEngine`
 * plans them (the operations no domain handler serves): what `Prefer: code=` compares with is
 * then the plan `createApp` routes by, for any caller that hands the admin its operations.
 */
export function handlerStatusesOf(served: readonly Operation[]): Map<string, number> {
  return handlerStatuses(planActions(engineOperations(served), served));
}

/** The documented success status of an operation: its lowest 2xx (200 when none is listed). */
export function successStatus(op: Operation): number {
  const codes = Object.keys(op.responses).filter((c) => /^2\d\d$/.test(c)).map(Number).sort((a, b) => a - b);
  return codes[0] ?? 200;
}

/** The JSON schema of an operation's success answer. */
export function successSchema(op: Operation): Schema | null {
  const res = op.responses[String(successStatus(op))];
  const schema = res?.content?.['application/json']?.schema as Schema | undefined;
  return schema ?? null;
}

function listShapeOf(op: Operation): 'page' | 'array' {
  return successSchema(op)?.type === 'array' ? 'array' : 'page';
}

function objectSchemaOf(op: Operation, kind: ActionKind): Schema | null {
  const s = successSchema(op);
  if (!s) return null;
  if (kind === 'retrieve' || kind === 'create' || kind === 'update' || kind === 'partial_update') return s.type === 'array' ? null : s;
  if (kind === 'list') {
    if (s.type === 'array') return (s.items as Schema | undefined) ?? null;
    const results = s.properties?.results as OpenAPIV3.ArraySchemaObject | undefined;
    return (results?.items as Schema | undefined) ?? null;
  }
  return null;
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}
function join(parts: string[]): string {
  return `/${parts.join('/')}/`;
}
function isParam(part: string): boolean {
  return part.startsWith('{') && part.endsWith('}');
}
function paramName(part: string): string {
  return part.slice(1, -1);
}
