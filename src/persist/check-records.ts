import { parseFilterDate } from '../common/dates.ts';
import { clipEcho, quoteEcho } from '../domain/errors.ts';
import { ENGINE_KEY_SEPARATOR, engineRowKey } from '../store/engine-row-index.ts';
import type { Store } from '../store/store.ts';
import type { TagIndex } from '../store/tag-index.ts';
import { fieldsOf, storeFields } from '../state/store-views.ts';
import {
  ENUMS,
  isIndexShape,
  MAX_DEPTH,
  shapeOf,
  TAGGED_COLLECTIONS,
  type FieldSpec,
  type Shape,
  keyProblem,
} from './record-shapes.ts';

/**
 * The validating importer's two checks (issue 19): `checkRecord` — one record against its
 * collection's declared shape (`record-shapes.ts`), as its line is read — and `checkReferences`
 * — the graph, once every line is in: each reference names a record that exists, each index
 * lists exactly the children that name its parent, each tag names a tagged object. Whatever
 * passes both, every list, detail and export endpoint can serve; whatever fails is refused
 * before the import commits, naming the line.
 */

const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/;
const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/;

/** Where each record came from: collection → key → line number. */
export type LineMap = Map<string, Map<unknown, number>>;

/** What is wrong with `value` as record `key` of `collection`, or null when nothing is. */
export function checkRecord(collection: string, key: unknown, value: unknown): string | null {
  const badKey = keyProblem(collection, key);
  if (badKey) return badKey;
  const shape = shapeOf(collection);
  if (isIndexShape(shape)) {
    if (!Array.isArray(value) || !value.every(isCount)) return '"v" must be a list of whole numbers';
    return new Set(value).size === value.length ? null : '"v" lists a key twice';
  }
  const problem = checkShape(shape, value, key, '');
  if (problem !== null || collection !== 'engineRows') return problem;
  return engineRowProblem(key, value as { c: string; k: unknown });
}

/**
 * A generic row is filed under its collection and identity: one identity, one key (two keys for
 * one identity would tie in every kept ordering, which assumes identities distinct). An identity
 * is a string or a finite number (JSON reads 1e999 as Infinity, which an export writes back as
 * null; `[7]` would be filed as 7), and a collection holds no separator (`"a\0" + "b", 1` and
 * `"a", "b\0" + "1"` would share a key).
 */
function engineRowProblem(key: unknown, { c, k }: { c: string; k: unknown }): string | null {
  if (typeof k !== 'string' && !(typeof k === 'number' && Number.isFinite(k)))
    return '"k" must be a string or a number (a finite one)';
  if (c.includes(ENGINE_KEY_SEPARATOR)) return `"c" may not hold ${JSON.stringify(ENGINE_KEY_SEPARATOR)}`;
  const filed = engineRowKey(c, k);
  if (filed === key) return null;
  return `it holds ${quoteEcho(c)} ${quoteEcho(k)}, whose key is ${quoteEcho(filed)}`;
}

function checkShape(shape: Shape, value: unknown, key: unknown, path: string): string | null {
  if (!isObject(value)) return `${path || '"v"'} must be an object`;
  for (const name of Object.keys(value)) {
    if (!Object.hasOwn(shape, name) && !Object.hasOwn(shape, `~${name}`))
      return `unknown field "${clipEcho(`${path}${name}`)}"`;
  }
  for (const [declared, spec] of Object.entries(shape)) {
    const name = declared.startsWith('~') ? declared.slice(1) : declared;
    if (!Object.hasOwn(value, name)) {
      if (declared.startsWith('~')) continue;
      return `"${path}${name}" is missing`;
    }
    const problem = checkField(spec, value[name], key, `${path}${name}`);
    if (problem) return problem;
  }
  return null;
}

function checkField(spec: FieldSpec, value: unknown, key: unknown, path: string): string | null {
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return `"${path}" must be a list`;
    for (let i = 0; i < value.length; i += 1) {
      const problem = checkShape(spec[0], value[i], key, `${path}[${i}].`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof spec === 'object') {
    if ('nullable' in spec && isObject(spec.nullable)) {
      return value === null ? null : checkShape(spec.nullable as Shape, value, key, `${path}.`);
    }
    return checkShape(spec as Shape, value, key, `${path}.`);
  }
  const nullable = spec.endsWith('?');
  const word = nullable ? spec.slice(0, -1) : spec;
  if (value === null) return nullable ? null : `"${path}" may not be null`;
  const ok = (() => {
    if (word === 'key') return value === key;
    if (word === 'count' || word.startsWith('ref:')) return isCount(value);
    if (word === 'int') return typeof value === 'number' && Number.isSafeInteger(value);
    if (word === 'str') return typeof value === 'string';
    if (word === 'bool') return typeof value === 'boolean';
    if (word === 'date') return typeof value === 'string' && isDate(value);
    if (word === 'decimal') return typeof value === 'string' && DECIMAL.test(value);
    if (word === 'object') return isObject(value) && depthWithin(value);
    if (word === 'list') return Array.isArray(value) && depthWithin(value);
    if (word === 'json') return depthWithin(value);
    if (word === 'translations') return isTranslations(value);
    if (word.startsWith('enum:')) return typeof value === 'string' && (ENUMS[word.slice(5)] ?? []).includes(value);
    throw new Error(`record shape word "${word}" is not known`);
  })();
  if (ok) return null;
  if (word === 'key') return `"${path}" must equal the record's key ${JSON.stringify(key)}`;
  if (word.startsWith('enum:')) return `"${path}" must be one of ${(ENUMS[word.slice(5)] ?? []).join(', ')}`;
  if (word === 'translations') return `"${path}" must be an object of languages, each an object of texts (strings)`;
  if (word === 'object' || word === 'list' || word === 'json')
    return `"${path}" must be ${word === 'json' ? 'a JSON value' : `a${word === 'object' ? 'n' : ''} ${word}`} nested at most ${MAX_DEPTH} deep`;
  const what = word.startsWith('ref:') ? 'a whole-number key' : word === 'date' ? 'an ISO 8601 UTC date-time (years 1970–9999)' : `a${word === 'int' ? 'n' : ''} ${word}`;
  return `"${path}" must be ${what}${nullable ? ' or null' : ''}`;
}

/** The first broken reference, index or tag of `store`, naming its line when `lines` knows it. */
export function checkReferences(store: Store, lines?: LineMap): string | null {
  const fields = fieldsOf(store);
  const at = (collection: string, key: unknown) => {
    const line = lines?.get(collection)?.get(key);
    return `${line === undefined ? '' : `line ${line}: `}${collection} record ${JSON.stringify(key)}`;
  };
  for (const { name, kind } of storeFields(store)) {
    if (kind !== 'map') continue;
    const shape = shapeOf(name);
    const map = fields[name] as Map<unknown, unknown>;
    if (isIndexShape(shape)) {
      const { children, by, parent } = shape.index;
      const kids = fields[children] as Map<unknown, Record<string, unknown>>;
      const parents = fields[parent] as Map<unknown, unknown>;
      const counted = new Map<unknown, Set<unknown>>();
      for (const [k, list] of map as Map<unknown, unknown[]>) {
        if (!parents.has(k)) return `${at(name, k)}: ${parent} ${JSON.stringify(k)} does not exist`;
        for (const child of list) {
          if (kids.get(child)?.[by] !== k)
            return `${at(name, k)}: ${children} ${JSON.stringify(child)} does not exist or is not of ${parent} ${JSON.stringify(k)}`;
        }
        counted.set(k, new Set(list));
      }
      for (const [k, kid] of kids) {
        const p = kid[by];
        if (p !== null && p !== undefined && !counted.get(p)?.has(k))
          return `${at(children, k)}: not listed in ${name} under ${parent} ${JSON.stringify(p)}`;
      }
      continue;
    }
    const refs = Object.entries(shape).flatMap(([f, spec]) =>
      typeof spec === 'string' && spec.startsWith('ref:') ? [[f.replace(/^~/, ''), spec.slice(4).replace(/\?$/, '')] as const] : [],
    );
    if (refs.length === 0) continue;
    for (const [k, record] of map as Map<unknown, Record<string, unknown>>) {
      for (const [field, target] of refs) {
        const ref = record[field];
        if (ref === null || ref === undefined) continue;
        if (!(fields[target] as Map<unknown, unknown>).has(ref))
          return `${at(name, k)}: "${field}" refers to ${target} ${JSON.stringify(ref)}, which does not exist`;
      }
    }
  }
  for (const [resource, index] of Object.entries(store.tags as Record<string, TagIndex>)) {
    const target = TAGGED_COLLECTIONS[resource];
    if (!target) continue;
    const records = fields[target] as Map<unknown, unknown>;
    for (const [id] of index.entries()) {
      if (!records.has(id))
        return `${at(`tags:${resource}`, id)}: tags ${target} ${id}, which does not exist`;
    }
  }
  return null;
}

/** Throws at start-up when a map collection of `Store` has no declared shape. */
export function assertShapesDeclared(store: Store): void {
  for (const { name, kind } of storeFields(store)) if (kind === 'map') shapeOf(name);
}

/** True when `value` nests no deeper than `MAX_DEPTH`; walks without recursion (a hostile value may be a million deep). */
function depthWithin(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const micros = parseFilterDate(text);
  return micros !== null && micros >= 0;
}

/** A reason's texts by language, as its serializer writes them: `{"en-us": {"subject": "…"}}`. */
function isTranslations(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const texts of Object.values(v)) {
    if (!isObject(texts)) return false;
    for (const text of Object.values(texts)) if (typeof text !== 'string') return false;
  }
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
