import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import type { Operation } from '../../src/spec/load-specs.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * Request bodies for the fuzz suites (issue 13), derived from each operation's body schema: a
 * schema-shaped body whose ids come from the store (so some writes really happen), then bent —
 * a field set to junk, dropped, or joined by extra, null and `__proto__` / `constructor` fields —
 * or replaced by random JSON, non-JSON, or nesting tens of thousands deep.
 */

/** Ids a body may name, from the store: most generated writes then reach the domain rules. */
export interface BodyIds {
  plans: number[];
  requests: number[];
  orderItems: number[];
  reasons: number[];
  /** Active reasons by type: a create names one of its own type to get past that rule. */
  reasonsByType: { cancel: number[]; refund: number[] };
}

export function bodyIdsOf(store: Store): BodyIds {
  return {
    plans: [...store.plans.keys()],
    requests: [...store.requests.keys()],
    orderItems: [...store.orderItems.keys()],
    reasons: [...store.reasons.keys()],
    reasonsByType: {
      cancel: [...store.reasons.values()].filter((r) => r.is_active && r.cancellation_type === 'cancel').map((r) => r.pk),
      refund: [...store.reasons.values()].filter((r) => r.is_active && r.cancellation_type === 'refund').map((r) => r.pk),
    },
  };
}

/** JSON values of the wrong kind for almost any field. */
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e20, -1e20, 2 ** 53 + 1, '', ' ', 'x', [], {}, [null], { a: 1 }, '1', 'null', '\u0000', 'İSTANBUL', '🙂'.repeat(50)),
  fc.string({ maxLength: 300 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const tagKey = fc.oneof(fc.constantFrom('vip', 'fuzz', 'a', 'İade', 'x'.repeat(300), '', ' ', 'a,b', '__proto__', 'constructor'), fc.string({ maxLength: 10 }));

/** A value for one schema, with hints from the field name for ids and well-known strings. */
function valueOf(schema: OpenAPIV3.SchemaObject, name: string, ids: BodyIds, depth: number): fc.Arbitrary<unknown> {
  const s = (schema.allOf?.length === 1 ? { ...(schema.allOf[0] as OpenAPIV3.SchemaObject), ...schema, allOf: undefined } : schema) as OpenAPIV3.SchemaObject;
  const choices: Array<fc.Arbitrary<unknown>> = [];
  if (s.enum) choices.push(fc.constantFrom(...s.enum));
  else if (s.type === 'integer' || s.type === 'number') {
    const pool = name === 'order_item' || name === 'order_items' ? ids.orderItems : name === 'reason' ? ids.reasons : name === 'ids' ? ids.requests : [];
    if (pool.length > 0) choices.push(fc.constantFrom(...pool), fc.constantFrom(...pool));
    choices.push(fc.integer({ min: -2, max: 5 }), fc.integer());
  } else if (s.type === 'string') {
    if (name === 'iban') choices.push(fc.constantFrom('TR330006100519786457841326', 'TR00', 'DE89370400440532013000', ''));
    else if (name === 'target_url') choices.push(fc.constantFrom('http://127.0.0.1:9/hook', 'http://localhost:9/x', 'http://10.0.0.1/x', 'http://example.com/', 'file:///etc/passwd', 'http://user:pw@127.0.0.1:9/', 'javascript:alert(1)', 'http://[::1]:9/'));
    else if (name === 'key' || name === 'keys') choices.push(tagKey);
    else if (name === 'username' || name === 'password') choices.push(fc.constantFrom('akinon', 'AKINON', '', 'akinon '));
    choices.push(fc.string({ maxLength: 16 }));
  } else if (s.type === 'boolean') choices.push(fc.boolean());
  else if (s.type === 'array') {
    const items = (s.items ?? {}) as OpenAPIV3.SchemaObject;
    choices.push(fc.array(depth > 3 ? junkValue : valueOf(items, name, ids, depth + 1), { maxLength: 3 }));
  } else if (s.type === 'object' || s.properties) {
    choices.push(objectOf(s, ids, depth + 1));
  }
  if (choices.length === 0) choices.push(junkValue);
  if (s.nullable) choices.push(fc.constant(null));
  return fc.oneof(...choices);
}

function objectOf(schema: OpenAPIV3.SchemaObject, ids: BodyIds, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0 || depth > 4) return fc.dictionary(fc.string({ maxLength: 6 }), junkValue, { maxKeys: 3 });
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of props) model[name] = valueOf(sub as OpenAPIV3.SchemaObject, name, ids, depth);
  // Required fields present most of the time, so that writes get past "This field is required.".
  const required = schema.required ?? [];
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(model, { requiredKeys: required.filter((k) => k in model) }) },
    { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
  ) as fc.Arbitrary<Record<string, unknown>>;
}

/** The JSON body schema of an operation, or null. */
function bodySchema(op: Operation): OpenAPIV3.SchemaObject | null {
  const content = op.requestBody?.content ?? {};
  const media = content['application/json'] ?? Object.values(content)[0];
  return (media?.schema as OpenAPIV3.SchemaObject | undefined) ?? null;
}

/** `{…}` with one field bent: set to junk, dropped, or joined by an extra or a prototype key. */
function bend(body: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(body);
  const withKey = (k: string, v: unknown) => {
    const rest = JSON.stringify(body);
    return rest === '{}' ? `{${JSON.stringify(k)}:${JSON.stringify(v)}}` : `{${JSON.stringify(k)}:${JSON.stringify(v)},${rest.slice(1)}`;
  };
  const choices: Array<fc.Arbitrary<string>> = [
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom<unknown>({ polluted: 'yes' }, { prototype: { polluted: 'yes' } }, null, 'x')).map(([k, v]) => withKey(k, v)),
    fc.tuple(fc.string({ maxLength: 8 }), junkValue).map(([k, v]) => withKey(k, v)),
  ];
  if (keys.length > 0) {
    choices.push(fc.tuple(fc.constantFrom(...keys), junkValue).map(([k, v]) => JSON.stringify({ ...body, [k]: v })));
    choices.push(fc.constantFrom(...keys).map((k) => JSON.stringify(Object.fromEntries(Object.entries(body).filter(([key]) => key !== k)))));
    choices.push(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(2, 50, 5000)).map(([k, n]) => JSON.stringify(body).replace(`"${k}":`, `"${k}":${'['.repeat(n)}1${']'.repeat(n)},"_${k}":`)));
  }
  return fc.oneof(...choices);
}

/** Nesting far past any recursion limit, alone or where a field belongs. */
const deepNesting = fc.tuple(fc.constantFrom(1_000, 100_000), fc.constantFrom('[', '{"a":')).map(([n, open]) =>
  open === '[' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${open.repeat(n)}1${'}'.repeat(n)}`,
);

/** Text that is not JSON, or JSON of the wrong shape. */
const notJson = fc.oneof(
  fc.constantFrom('', ' ', '{', '}', '{"a":1,}', "{'a':1}", 'null', 'true', '1', '"x"', '[]', '[{}]', 'NaN', '1e999', '\u0000', '\uFEFF{}', '{"a":"\\ud800"}', 'a=1&b=2', '<xml/>'),
  fc.string({ maxLength: 40 }),
);

/** A body for the operation: mostly schema-shaped, often bent, sometimes not JSON at all. */
export function bodyFor(op: Operation, ids: BodyIds): fc.Arbitrary<string> {
  const schema = bodySchema(op);
  const shaped = schema ? objectOf(schema, ids, 0) : fc.dictionary(fc.string({ maxLength: 6 }), junkValue, { maxKeys: 3 });
  const valid = validFor(op, ids);
  return fc.oneof(
    ...(valid ? [{ weight: 4, arbitrary: valid.map((b) => JSON.stringify(b)) }] : []),
    { weight: 5, arbitrary: shaped.map((b) => JSON.stringify(b)) },
    { weight: 4, arbitrary: shaped.chain(bend) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: notJson },
    { weight: 1, arbitrary: deepNesting },
  );
}

/**
 * Bodies most likely to be accepted, for the writes whose rules random fields rarely satisfy: a
 * create names a reason of its own type (and a refund a valid IBAN), a status move a real status.
 */
function validFor(op: Operation, ids: BodyIds): fc.Arbitrary<Record<string, unknown>> | null {
  if (op.operationId === 'createCancellationRequest' && ids.orderItems.length > 0) {
    return fc.constantFrom<'cancel' | 'refund'>('cancel', 'refund').filter((t) => ids.reasonsByType[t].length > 0).chain((type) =>
      fc.record({
        order_item: fc.constantFrom(...ids.orderItems),
        reason: fc.constantFrom(...ids.reasonsByType[type]),
        cancellation_type: fc.constant(type),
        iban: fc.constant('TR330006100519786457841326'),
        holder_name: fc.constantFrom('Ayşe Yılmaz', 'İSMAİL IŞIK'),
        description: fc.string({ maxLength: 20 }),
      }),
    );
  }
  if (op.operationId === 'partialUpdateCancellationRequest') {
    return fc.record({ status: fc.constantFrom('confirmed', 'approved', 'rejected') });
  }
  return null;
}

/** Content types: JSON mostly; then its variants, other types, and none. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-8',
      'APPLICATION/JSON', 'application/merge-patch+json', 'application/jsonx', 'application/json, text/html', ';', 'application/json; charset=latin1',
      'application/x-ndjson', '*/*',
    ),
  },
);
