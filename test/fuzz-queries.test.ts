import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/domain/invariants.ts';
import type { Operation } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
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
 * Every served read (GET, and HEAD on it), with generated path ids, query strings — declared
 * parameters with values of every type and none, repeated keys, junk in `__in` lists, unknown
 * and prototype-named keys, broken percent-encoding — and headers. No answer is a 5xx, every
 * answer conforms to the served spec (`mock.request` self-checks it), none leaks a stack trace
 * or a path. Issue 13; the operations come from the spec, so a new one is fuzzed the day it is
 * served.
 */

const RUNS = 4_500;
const STRICT_RUNS = 1_000;
const counter = new Counter();
const prototypeBefore = prototypeNames();
let reads: Operation[];
let mock: TestMock;
let strict: TestMock;

function requests(target: TestMock): fc.Arbitrary<FuzzRequest> {
  const planIds = [...target.store.plans.keys()];
  const requestIds = [...target.store.requests.keys()];
  return fc.constantFrom(...reads).chain((op) =>
    fc.record({
      op: fc.constant(op),
      path: pathFor(op, idText(op.path.includes('cancellation_plans') ? planIds : requestIds)),
      query: queryFor(op),
      head: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      auth: authorization,
      extras: extraHeaders,
    }).map(({ path, query, head, auth, extras }) =>
      fuzzRequest({ method: head ? 'HEAD' : 'GET', path: `${path}${query}`, headers: headersOf(auth, extras) }),
    ),
  );
}

beforeAll(async () => {
  reads = servedOperations((await sharedSpecs()).specs).filter((op) => op.method === 'GET');
  mock = await createTestMock({ size: 20 });
  strict = await createTestMock({ size: 20, strict: true });
}, 60_000);

afterAll(async () => {
  console.log(`fuzz-queries: ${counter.summary()}`);
  await Promise.all([mock?.webhooks.close(), strict?.webhooks.close()]);
});

describe('fuzzed reads of every served operation', () => {
  it('covers every served GET operation of the spec', () => {
    expect(reads.length).toBeGreaterThanOrEqual(10);
  });

  it(`answers ${RUNS} generated reads without a 5xx, off-spec answer or leak`, async () => {
    await fc.assert(
      fc.asyncProperty(requests(mock), async (req) => {
        await probe(mock, req, counter);
      }),
      { numRuns: RUNS, seed: FUZZ_SEED },
    );
    expect(checkInvariants(mock.store)).toEqual([]);
  }, 120_000);

  it(`does the same under --strict (${STRICT_RUNS} reads), where a violation would be a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(requests(strict), async (req) => {
        await probe(strict, req, counter);
      }),
      { numRuns: STRICT_RUNS, seed: FUZZ_SEED + 1 },
    );
  }, 120_000);

  it('leaves every prototype as it was', () => {
    expect(prototypeNames()).toBe(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(counter.requests).toBeGreaterThanOrEqual(RUNS + STRICT_RUNS);
  });
});
