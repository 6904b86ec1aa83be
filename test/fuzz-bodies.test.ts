import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import type { Operation } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { bodyFor, bodyIdsOf, contentType } from './support/fuzz-bodies.ts';
import {
  authorization,
  Counter,
  extraHeaders,
  FUZZ_SEED,
  fuzzRequest,
  headersOf,
  idText,
  pathFor,
  probe,
  prototypeNames,
  queryFor,
  type FuzzRequest,
} from './support/fuzz-requests.ts';
import { createTestMock, sharedSpecs, type TestMock } from './support/test-mock.ts';

/**
 * Every served operation that takes a body (and every other POST, PUT, PATCH and DELETE), with
 * generated bodies — schema-shaped with real ids (so writes happen), bent (junk values, missing,
 * extra, null, `__proto__` and `constructor` fields), random JSON, non-JSON, nesting 100,000
 * deep — under every content type. No answer is a 5xx or off the spec, none leaks internals,
 * every invariant of the store holds after every write, and no prototype is polluted (issue 13).
 */

const RUNS = 4_500;
const counter = new Counter();
const prototypeBefore = prototypeNames();
let writes: Operation[];
let mock: TestMock;

function requests(target: TestMock): fc.Arbitrary<FuzzRequest> {
  const ids = bodyIdsOf(target.store);
  return fc.constantFrom(...writes).chain((op) =>
    fc.record({
      path: pathFor(op, idText(op.path.includes('cancellation_plans') ? ids.plans : ids.requests)),
      // The tag-filter POST forms read their filters from the query.
      query: op.operationId.endsWith('TagPost') ? queryFor(op) : fc.constant(''),
      body: fc.oneof({ weight: 12, arbitrary: bodyFor(op, ids) }, { weight: 1, arbitrary: fc.constant(undefined) }),
      type: contentType,
      auth: authorization,
      extras: extraHeaders,
    }).map(({ path, query, body, type, auth, extras }) =>
      fuzzRequest({
        method: op.method,
        path: `${path}${query}`,
        headers: headersOf(auth, extras, body === undefined ? undefined : type),
        ...(body !== undefined && { body }),
      }),
    ),
  );
}

beforeAll(async () => {
  writes = servedOperations((await sharedSpecs()).specs).filter((op) => op.method !== 'GET');
  mock = await createTestMock({ size: 20 });
}, 60_000);

afterAll(async () => {
  console.log(`fuzz-bodies: ${counter.summary()}`);
  await mock?.webhooks.close();
});

describe('fuzzed bodies on every served operation that takes one', () => {
  it('covers every served write and POST read of the spec', () => {
    expect(writes.length).toBeGreaterThanOrEqual(15);
  });

  it(`answers ${RUNS} generated bodies without a 5xx, off-spec answer, leak or broken invariant`, async () => {
    await fc.assert(
      fc.asyncProperty(requests(mock), async (req) => {
        await probe(mock, req, counter);
      }),
      { numRuns: RUNS, seed: FUZZ_SEED },
    );
    expect(checkInvariants(mock.store)).toEqual([]);
    // Some of the generated writes were accepted: the rules, not only the parsers, were exercised.
    expect(mock.journal.lastSeq, 'accepted writes').toBeGreaterThan(RUNS / 50);
  }, 180_000);

  it('leaves every prototype as it was', () => {
    expect(prototypeNames()).toBe(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(counter.requests).toBeGreaterThanOrEqual(RUNS);
  });
});
