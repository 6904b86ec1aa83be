import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import { expect } from 'vitest';
import { checkInvariants } from '../../src/domain/invariants.ts';
import type { Operation } from '../../src/spec/load-specs.ts';
import { READONLY_TOKEN, TOKEN, type TestMock } from './test-mock.ts';

/**
 * Generators and checks the fuzz suites share (issue 13): every request is built from a served
 * operation of the spec — its path, its query parameters, its body schema — and then bent: ids
 * that do not exist or are not numbers, values of the wrong type, junk in `__in` lists, bodies
 * with missing, extra, null and `__proto__` fields, non-JSON, other content types, methods and
 * headers. `probe()` sends one and checks what every answer must be.
 */

/**
 * The fixed fast-check seed of every fuzz suite: a failure is reproduced by re-running.
 * `FUZZ_SEED=<n>` explores other seeds by hand (`FUZZ_SEED=7 npx vitest run test/fuzz-`).
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 130_013;

/** One generated request. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * A request as fast-check prints it in a counterexample: short, so that a body nested 100,000
 * deep does not flood the report (the full request is rebuilt from the seed and path).
 */
export function fuzzRequest(req: FuzzRequest): FuzzRequest {
  const shown = `${req.method} ${req.path} ${JSON.stringify(req.headers)}${req.body === undefined ? '' : ` body(${req.body.length})=${req.body.slice(0, 160)}`}`;
  Object.defineProperty(req, fc.toStringMethod, { value: () => shown, enumerable: false });
  return req;
}

/** What an answer must never contain: a stack frame, a source path, an internal error name. */
const LEAKS: Array<[RegExp, string]> = [
  [/\/work\//, 'a file path (/work/)'],
  [/node_modules/, 'a file path (node_modules)'],
  [/\.(ts|js|mjs):\d+/, 'a source position (.ts:N)'],
  [/\n\s+at\s/, 'a stack frame ("at …")'],
  [/\bat [\w.$<>]+ \(/, 'a stack frame ("at fn (")'],
  [/\b[A-Z]\w*Error:/, 'an internal error name ("…Error:")'],
];

/** The leak a body shows, or null. */
export function leakIn(text: string): string | null {
  for (const [pattern, what] of LEAKS) if (pattern.test(text)) return what;
  return null;
}

/** Counts requests across a suite (printed at its end). */
export class Counter {
  requests = 0;
  byStatus = new Map<number, number>();
  add(status: number): void {
    this.requests += 1;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  summary(): string {
    const statuses = [...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    return `${this.requests} generated requests (${statuses})`;
  }
}

/**
 * Sends one request through the self-checking `mock.request` (a response off the spec fails the
 * test there) and asserts what no answer may be: a 5xx, or a body with a stack trace, a file
 * path or an internal error name. After a write method, every invariant of the store must hold.
 */
export async function probe(mock: TestMock, req: FuzzRequest, counter: Counter): Promise<Response> {
  mock.violations.length = 0;
  const label = `${req.method} ${req.path}${req.body === undefined ? '' : ` body=${req.body.slice(0, 200)}`}`;
  const res = await mock.request(req.path, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined && { body: req.body }),
  });
  counter.add(res.status);
  const text = await res.clone().text();
  expect(res.status, `${label} → ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(leakIn(text), `${label} leaks in ${text.slice(0, 300)}`).toBeNull();
  for (const [name, value] of res.headers) expect(leakIn(value), `${label} header ${name}`).toBeNull();
  if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
    expect(checkInvariants(mock.store), `invariants after ${label}`).toEqual([]);
  }
  return res;
}

/** Object.prototype's own names now: compared after a suite to catch prototype pollution. */
export function prototypeNames(): string {
  return JSON.stringify([
    Object.getOwnPropertyNames(Object.prototype).sort(),
    Object.getOwnPropertyNames(Array.prototype).sort(),
    Object.getOwnPropertyNames(Function.prototype).sort(),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Values

/** Text that survives URL encoding and headers (no lone surrogates). */
const text = (maxLength = 12) => fc.string({ unit: 'grapheme', maxLength });
/** Latin-1 text: what a header value may hold. */
const latin1 = (maxLength = 24) => fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((n) => String.fromCharCode(n)), maxLength });

/** Numbers as text, from the ordinary to the absurd. */
export const numberText = fc.oneof(
  fc.integer({ min: -3, max: 400 }).map(String),
  fc.constantFrom('0', '-1', '-0', '00001', '1.0', '1e3', '1e309', '-1e309', '0x10', 'NaN', 'Infinity', '9007199254740993', '99999999999999999999999', '１２', '٣', ' 7 ', '+5', ''),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);

/** Dates as text: valid, rolled over, malformed. */
const dateText = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2024-02-31', '2024-13-01', '2024-01-01T25:00:00Z', '2024-01-01T00:00:00+99:99', '0000-00-00', '99999-01-01', 'yesterday', '2023-02-08T14:40:25.692898Z', '2023-02-08 14:40:25'),
);

/** A query value for a declared parameter: its enum, its type, and junk of every kind. */
function valueFor(param: OpenAPIV3.ParameterObject): fc.Arbitrary<string> {
  const schema = (param.schema ?? {}) as OpenAPIV3.SchemaObject;
  const choices: Array<fc.Arbitrary<string>> = [text(), numberText, fc.constantFrom('', 'true', 'false', 'null', '[]', '{}', '%', ',', ',,,')];
  if (schema.enum) choices.push(fc.constantFrom(...schema.enum.map(String)));
  if (schema.type === 'integer' || schema.type === 'number') choices.push(numberText, numberText);
  if (schema.type === 'boolean') choices.push(fc.constantFrom('true', 'false', 'True', 'False', '1', '0', 'yes'));
  if (param.name.includes('date')) choices.push(dateText, dateText);
  if (schema.type === 'array' || param.name.endsWith('__in')) {
    choices.push(fc.array(fc.oneof(numberText, text(4)), { maxLength: 6 }).map((xs) => xs.join(',')));
  }
  // Exports build whole files: drawn rarely, to keep the suite fast.
  if (param.name === 'export_format') return fc.oneof({ weight: 1, arbitrary: fc.constantFrom('csv', 'xls', 'pdf', '') }, { weight: 12, arbitrary: fc.constant('') });
  return fc.oneof(...choices);
}

/** Names that are no declared parameter: junk, prototype keys, near misses. */
const unknownName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'pk__foo', 'status__in__in', 'order_by', 'ordering', 'page_size', 'format', 'Limit', 'PAGE', ''),
  text(8),
);

/** A query string for an operation: declared names with generated values, repeats and junk. */
export function queryFor(op: Operation): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const pair: fc.Arbitrary<[string, string]> =
    params.length > 0
      ? fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...params).chain((p) => valueFor(p).map((v): [string, string] => [p.name, v])) },
          { weight: 1, arbitrary: fc.tuple(unknownName, text()) },
        )
      : fc.tuple(unknownName, text());
  const raw = fc.constantFrom('', '', '', '&', '&&=&', '%', '%zz', 'a=%E0%A4%A', '=x', 'page', 'limit=', '+=+', '%00=%00');
  return fc.tuple(fc.array(pair, { maxLength: 5 }), raw).map(([pairs, junk]) => {
    const q = new URLSearchParams(pairs).toString();
    const all = [q, junk].filter((s) => s !== '').join('&');
    return all === '' ? '' : `?${all}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Paths

/** A path id: existing ones mostly, then non-existent, negative, huge and not-a-number ones. */
export function idText(existing: readonly number[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...existing).map(String) },
    { weight: 3, arbitrary: numberText.filter((s) => s !== '' && !s.includes(' ')) },
    { weight: 2, arbitrary: text(6).filter((s) => s !== '' && s !== '.' && s !== '..').map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('%2e%2e', '%2F', '%00', '%', 'undefined', 'null', '1;2', '1%20', '%F0%9F%92%A9', '1.5') },
  );
}

/** The operation's path with its `{id}` filled from `ids`. */
export function pathFor(op: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return op.path.includes('{') ? ids.map((id) => op.path.replace(/\{[^}]+\}/g, id)) : fc.constant(op.path);
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Authorization: the full token mostly; then none, the read-only one, and malformed forms. */
export const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 24, arbitrary: fc.constant(`Token ${TOKEN}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      `Token ${READONLY_TOKEN}`, `token ${TOKEN}`, `TOKEN ${TOKEN}`, `Bearer ${TOKEN}`, 'Token', 'Token ', `Token ${TOKEN} extra`,
      `Token ${TOKEN.slice(0, -1)}`, `Token ${TOKEN}x`, `Token  ${TOKEN}`, `Basic ${Buffer.from('akinon:akinon').toString('base64')}`, 'Token \u00ff\u00fe',
    ),
  },
  { weight: 1, arbitrary: latin1().map((t) => `Token ${t}`) },
);

/** Other headers: sessions (valid and not), Accept, a request id; each usually absent. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'X-Mock-Session': fc.oneof(fc.constantFrom('qa-1', 'a', '', ' ', '../x', 'x'.repeat(200)), latin1(10)),
    Accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml', '', 'application/json; q=0'),
    'X-Request-Id': latin1(40),
    'Accept-Language': fc.constantFrom('tr', 'en-US,en;q=0.5', '*', ''),
  },
  { requiredKeys: [] },
).map((h) => {
  // Sessions are rare: each new name is a copy of the state, and faults or 400s are exercised enough.
  if (h['X-Mock-Session'] !== undefined && h['X-Mock-Session'].length % 3 !== 0) delete h['X-Mock-Session'];
  return h;
});

/** The headers of a request: Authorization (maybe), extras, and a content type when given. */
export function headersOf(auth: string | undefined, extras: Record<string, string>, contentType?: string): Record<string, string> {
  return {
    ...extras,
    ...(auth !== undefined && { Authorization: auth }),
    ...(contentType !== undefined && { 'Content-Type': contentType }),
  };
}
