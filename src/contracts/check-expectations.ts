import { parseFilterDate } from '../common/dates.ts';
import { compareDecimals, decimalLimitsOf, parseDecimal } from '../common/drf-decimal.ts';
import { customFormats } from '../spec/formats.ts';
import type { RawFinding } from './contract-finding.ts';
import { escapeSegment, pointerSegments } from './json-pointer.ts';
import { reportableValue } from './reportable-value.ts';
import { branchesAt } from './schema-paths.ts';
import type { SideRole } from './targets.ts';
import { fillValue, MissingVariableError } from './templates.ts';

const ECHOING_METHODS = new Set(['PUT', 'PATCH']);

/**
 * What an update promises: a 2xx answer to a PUT or PATCH carries each sent top-level field,
 * wherever the answer has that field at all, exactly as sent — or, where the request body's
 * schema (`bodySchema`, the operation's dereferenced JSON request schema) declares the field
 * `format: date-time` or `format: decimal`, in the form DRF answers it (`sameAsDrfAnswers`).
 * A CharField echoes its text exactly. Only strings, numbers, booleans and null: a nested
 * object may come back expanded.
 *
 * @example
 * // A decimal field of two places, sent "5", answered "5.00": no finding.
 * checkSentValues('PATCH', '{"amount":"5"}', schema, 200, { amount: '5.00' }, 'target'); // []
 */
export function checkSentValues(method: string, sent: string | undefined, bodySchema: unknown, status: number, body: unknown, side: SideRole): RawFinding[] {
  if (!ECHOING_METHODS.has(method) || status < 200 || status >= 300 || sent === undefined) return [];
  let fields: unknown;
  try {
    fields = JSON.parse(sent);
  } catch {
    return [];
  }
  if (!isObject(fields) || !isObject(body)) return [];
  const out: RawFinding[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'object' && value !== null) continue;
    if (!Object.hasOwn(body, key) || body[key] === value) continue;
    if (sameAsDrfAnswers(value, body[key], branchesAt(bodySchema, `/${escapeSegment(key)}`))) continue;
    out.push({
      kind: 'promise', side, path: `/${key}`, expected: reportableValue(key, value), actual: reportableValue(key, body[key]),
      message: `the request sets ${key}, but the answer carries another value`,
    });
  }
  return out;
}

/**
 * A sent value and the answer's where the field's schema (`fieldSchemas`, its branches) makes
 * DRF answer the sent value in its own form: a `format: date-time` at the same instant (sent
 * with an offset, answered in UTC with microseconds); a `format: decimal` of the same value
 * showing the field's places (`"5"` or `5` answered `"5.00"` by a two-place field, whose
 * `"12.5"` is drift), any places where its pattern does not say. Anything else comes back as sent.
 */
function sameAsDrfAnswers(sent: unknown, answered: unknown, fieldSchemas: ReadonlyArray<Record<string, unknown>>): boolean {
  if (typeof answered !== 'string') return false;
  const formatted = (format: string) => fieldSchemas.filter((s) => s.format === format);
  if (typeof sent === 'string' && formatted('date-time').length > 0 && DATE_TIME.test(sent) && DATE_TIME.test(answered)) {
    const a = parseFilterDate(sent);
    return a !== null && a === parseFilterDate(answered);
  }
  const decimals = formatted('decimal');
  if ((typeof sent === 'string' || typeof sent === 'number') && decimals.length > 0 && customFormats.decimal!(answered)) {
    const a = parseDecimal(String(sent));
    const b = parseDecimal(answered);
    if (a === null || b === null || compareDecimals(a, b) !== 0) return false;
    const shown = answered.split('.')[1]?.length ?? 0;
    return decimals.some((s) => {
      const places = decimalLimitsOf(typeof s.pattern === 'string' ? s.pattern : undefined).decimalPlaces;
      return places === null || places === shown;
    });
  }
  return false;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * A step's own `expect.json`: JSON pointer → the value the answer must hold there, templates
 * filled with this side's variables (`{"/plan_type": "{{type}}"}`); a `*` segment means every
 * item of that array. Each side is held to its own data, never to the other side's.
 */
export function checkExpectedJson(expected: Readonly<Record<string, unknown>> | undefined, body: unknown, vars: ReadonlyMap<string, unknown>, side: SideRole): RawFinding[] {
  if (!expected) return [];
  const out: RawFinding[] = [];
  for (const [pointer, raw] of Object.entries(expected)) {
    let want: unknown;
    try {
      want = fillValue(raw, vars);
    } catch (err) {
      if (!(err instanceof MissingVariableError)) throw err;
      out.push({ kind: 'promise', side, path: pointer, expected: String(raw), actual: 'no value', message: `expect.json needs {{${err.variable}}}, which no earlier step captured` });
      continue;
    }
    const segments = pointerSegments(pointer);
    const field = segments[segments.length - 1] ?? '';
    const found = valuesAt(body, segments, '');
    if (found.length === 0) {
      out.push({ kind: 'promise', side, path: pointer, expected: reportableValue(field, want), actual: 'absent', message: 'the scenario expects a value here' });
    }
    const wrong = found.find(([, value]) => !sameJson(value, want));
    if (wrong) {
      out.push({ kind: 'promise', side, path: wrong[0], expected: reportableValue(field, want), actual: reportableValue(field, wrong[1]), message: 'the scenario expects another value here' });
    }
  }
  return out;
}

/** Every [pointer, value] the segments reach, `*` fanning out over an array's items. */
function valuesAt(node: unknown, segments: readonly string[], at: string): Array<[string, unknown]> {
  if (segments.length === 0) return [[at, node]];
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(node)) {
    if (head === '*') return node.flatMap((item, i) => valuesAt(item, rest, `${at}/${i}`));
    return /^(0|[1-9]\d*)$/.test(head) && Number(head) < node.length ? valuesAt(node[Number(head)], rest, `${at}/${head}`) : [];
  }
  if (isObject(node) && Object.hasOwn(node, head)) return valuesAt(node[head], rest, `${at}/${head}`);
  return [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
