import type { Store } from '../store/store.ts';
import type { TagIndex } from '../store/tag-index.ts';
import { STATE_FORMAT, STATE_VERSION, type StateHeader } from '../state/state-header.ts';
import { fieldsOf, storeFields, type FieldKind } from '../state/store-views.ts';
import { quoteEcho } from '../domain/errors.ts';
import { checkRecord, type LineMap } from './check-records.ts';
import { keyProblem } from './record-shapes.ts';

/**
 * The one line format of the mock's state, shared by `GET/PUT /__mock/state`, the state file's
 * snapshots and its journal: newline-delimited JSON, one record per line, so every reader and
 * writer streams and none ever holds the whole state as one string (ADR 0005).
 *
 * ```
 * {"format":"omnitron-mock-state","version":1,"seed":1,"size":300}   header (snapshots add "generation")
 * {"map":"plans","k":12,"v":{…the stored record…}}                    one Map entry
 * {"tags":"cancellation_plan","k":12,"v":["urgent"]}                  one object's tags
 * {"record":"sequences","v":{"plans":301,…}}                           a record of numbers
 * {"end":true,"lines":1234}                                           trailer: data lines written
 * ```
 * The journal adds change lines: `{"map":…,"k":…,"deleted":true}`, `{"map":…,"cleared":true}`,
 * `{"tag":…,"k":…,"add":"t"}` / `"remove":"t"`, `{"tags":…,"cleared":true}`.
 */
export { STATE_FORMAT, STATE_VERSION, type StateHeader } from '../state/state-header.ts';

/** A line that cannot be applied: the message names the line and the problem. */
export class StateLineError extends Error {}

/** Reads a header line; throws naming the problem. */
export function parseHeader(text: string): StateHeader {
  const value = parseJson(text, 1);
  if (!isObject(value) || value.format !== STATE_FORMAT) {
    throw new StateLineError(
      `line 1: not an ${STATE_FORMAT} document (the first line must be its header)`,
    );
  }
  if (value.version !== STATE_VERSION)
    throw new StateLineError(
      `line 1: unsupported version ${quoteEcho(value.version)} (this mock reads ${STATE_VERSION})`,
    );
  if (!isCount(value.seed) || !isCount(value.size))
    throw new StateLineError('line 1: the header needs whole-number "seed" and "size"');
  if (value.generation !== undefined && !isCount(value.generation))
    throw new StateLineError('line 1: "generation" must be a whole number');
  return value as unknown as StateHeader;
}

/** What applying one line did: data, the trailer, or nothing. */
export type Applied = 'data' | 'end';

/**
 * Applies one data or change line to `store`. Every value is checked as far as the format
 * knows it (known collection, key type, a record's own pk matching its key, tags as strings,
 * sequences as whole numbers), so a hand-edited file fails on the line that is wrong.
 */
export function applyLine(
  store: Store,
  text: string,
  lineNo: number,
  kinds: ReadonlyMap<string, FieldKind>,
  /** Filled with the line each record and tag set came from, for `checkReferences`. */
  lines?: LineMap,
): Applied {
  const line = parseJson(text, lineNo);
  if (!isObject(line)) throw new StateLineError(`line ${lineNo}: expected a JSON object`);
  const fields = fieldsOf(store);
  const where = `line ${lineNo}`;
  if (line.end === true) {
    if (!isCount(line.lines))
      throw new StateLineError(`${where}: the end line needs a whole-number "lines"`);
    return 'end';
  }
  if (typeof line.map === 'string') {
    if (kinds.get(line.map) !== 'map')
      throw new StateLineError(
        `${where}: unknown collection ${quoteEcho(line.map)}`,
      );
    const map = fields[line.map] as Map<unknown, unknown>;
    if (line.cleared === true) return (void map.clear(), 'data');
    const key = line.k;
    const badKey = keyProblem(line.map, key);
    if (badKey) throw new StateLineError(`${where}: ${badKey}`);
    if (line.deleted === true) return (void map.delete(key), 'data');
    const v = line.v;
    if (typeof v !== 'object' || v === null)
      throw new StateLineError(`${where}: "v" must be an object or a list`);
    const own = isObject(v) ? (v.pk ?? v.id) : undefined;
    if (typeof own === 'number' && own !== key)
      throw new StateLineError(
        `${where}: ${line.map} record ${own} is stored under key ${quoteEcho(key)}`,
      );
    // The declared shape (issue 19): a record that would 500 later is refused here, naming its line.
    const problem = checkRecord(line.map, key, v);
    if (problem)
      throw new StateLineError(
        `${where}: ${line.map} record ${quoteEcho(key)}: ${problem}`,
      );
    map.set(key, v);
    noteLine(lines, line.map, key, lineNo);
    return 'data';
  }
  const resource =
    typeof line.tags === 'string' ? line.tags : typeof line.tag === 'string' ? line.tag : null;
  if (resource !== null) {
    const tags = fields.tags as Record<string, TagIndex>;
    const index = Object.hasOwn(tags, resource) ? tags[resource] : undefined;
    if (!index)
      throw new StateLineError(
        `${where}: unknown tagged resource ${quoteEcho(resource)}`,
      );
    if (line.cleared === true) return (void index.clear(), 'data');
    const id = line.k;
    if (!isCount(id)) throw new StateLineError(`${where}: "k" must be a whole number`);
    if (typeof line.tags === 'string') {
      if (!Array.isArray(line.v) || !line.v.every((t) => typeof t === 'string'))
        throw new StateLineError(`${where}: "v" must be a list of tag strings`);
      for (const tag of index.tagsOf(id)) index.remove(id, tag);
      for (const tag of line.v as string[]) index.add(id, tag);
      noteLine(lines, `tags:${resource}`, id, lineNo);
      return 'data';
    }
    if (typeof line.add === 'string') index.add(id, line.add);
    else if (typeof line.remove === 'string') index.remove(id, line.remove);
    else throw new StateLineError(`${where}: a tag change needs "add" or "remove"`);
    return 'data';
  }
  if (typeof line.record === 'string') {
    if (kinds.get(line.record) !== 'record')
      throw new StateLineError(`${where}: unknown record ${quoteEcho(line.record)}`);
    const target = fields[line.record] as Record<string, number>;
    if (!isObject(line.v)) throw new StateLineError(`${where}: "v" must be an object`);
    for (const [name, n] of Object.entries(line.v)) {
      if (!Object.hasOwn(target, name))
        throw new StateLineError(`${where}: ${line.record} has no ${quoteEcho(name)}`);
      if (!isCount(n))
        throw new StateLineError(`${where}: ${line.record}.${name} must be a whole number`);
      target[name] = n;
    }
    noteLine(lines, `record:${line.record}`, line.record, lineNo);
    return 'data';
  }
  throw new StateLineError(`${where}: expected one of "map", "tags", "tag", "record" or "end"`);
}

/** The field kinds of a store by name, for `applyLine`. */
export function kindsOf(store: Store): Map<string, FieldKind> {
  return new Map(storeFields(store).map((f) => [f.name, f.kind]));
}

/**
 * Checks what no single line can: every sequence is past the largest key of its collection,
 * so the next created object cannot take an existing pk.
 */
export function checkSequences(store: Store): string | null {
  const fields = fieldsOf(store);
  for (const [name, next] of Object.entries(store.sequences)) {
    const map = fields[name];
    if (!(map instanceof Map)) continue;
    let max = 0;
    for (const k of map.keys()) if (typeof k === 'number' && k > max) max = k;
    if (next <= max) return `sequences.${name} is ${next}, but ${name} already holds key ${max}`;
  }
  // The engine's sequences too: a create takes `next` without looking (engine-objects.ts).
  const most = new Map<string, number>();
  for (const row of store.engineRows.values())
    if (typeof row.k === 'number' && row.k > (most.get(row.c) ?? 0)) most.set(row.c, row.k);
  for (const [c, max] of most) {
    const next = store.engineSequences.get(c)?.next ?? 1;
    if (next <= max)
      return `engineSequences ${quoteEcho(c)} is ${next}, but the collection already holds identity ${max}`;
  }
  return null;
}

function noteLine(
  lines: LineMap | undefined,
  collection: string,
  key: unknown,
  lineNo: number,
): void {
  if (!lines) return;
  let of = lines.get(collection);
  if (!of) lines.set(collection, (of = new Map()));
  of.set(key, lineNo);
}

function parseJson(text: string, lineNo: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // A RangeError is the engine's own trouble (a stack overflow), not words for a client.
    if (!(err instanceof SyntaxError))
      throw new StateLineError(`line ${lineNo}: a value is nested too deeply`);
    throw new StateLineError(`line ${lineNo}: ${err.message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
