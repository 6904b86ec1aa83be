import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_MAX_BYTES, MutationJournal } from '../src/journal/mutation-journal.ts';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

const PLANS = '/api/v1/cancellation_plans/';
let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 10 });
});
afterAll(async () => {
  await mock?.webhooks.close();
});

/** What the journal's entries hold, measured from outside: their bodies and paths as text. */
const heldChars = (j: MutationJournal) =>
  j.entries().reduce((n, e) => n + e.path.length + (e.body === null ? 0 : JSON.stringify(e.body).length), 0);

/** A body of about `kb` KiB: `{"<field>": <value>, "pad": "xxx…"}` (an extra field is ignored). */
function padded(field: string, value: string, kb: number): string {
  return JSON.stringify({ [field]: value, pad: 'x'.repeat(kb * 1024) });
}

describe('the mutation journal is bounded by bytes as well as entries', () => {
  it('keeps no more than its byte budget through a loop of ~1 MiB accepted writes', async () => {
    const request = [...mock.store.requests.values()][0]!;
    const before = mock.journal.lastSeq;
    const rounds = 22; // ~22 MiB of bodies, over the budget
    for (let i = 0; i < rounds; i += 1) {
      const res = await mock.request(`/api/v1/cancellation_requests/${request.id}/add_tag/`, {
        method: 'POST',
        headers: { ...AUTH, 'Content-Type': 'application/json' },
        body: padded('key', `loop-${i}`, 1000),
      });
      expect(res.status).toBe(204);
    }
    expect(mock.journal.lastSeq - before).toBe(rounds);
    expect(mock.journal.size).toBeLessThan(rounds);
    expect(heldChars(mock.journal)).toBeLessThanOrEqual(JOURNAL_MAX_BYTES);
    expect(mock.journal.retainedBytes).toBeLessThanOrEqual(JOURNAL_MAX_BYTES);
    // The newest write is always kept, body and all.
    expect(mock.journal.entries().at(-1)!.body).toMatchObject({ key: `loop-${rounds - 1}` });
  }, 60_000);

  it('keeps the newest entries within both budgets for any run of writes (property)', () => {
    const entry = fc.record({ path: fc.string({ maxLength: 40 }), body: fc.option(fc.string({ maxLength: 3000 })) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20_000 }), fc.array(entry, { maxLength: 120 }), (capacity, maxBytes, writes) => {
        const j = new MutationJournal(capacity, maxBytes);
        for (const w of writes) {
          const t = j.record({ operationId: 'op', method: 'POST', path: w.path, session: null, userPk: 1, status: 200, contentType: null });
          j.attachBody(t, w.body, false);
          expect(j.size).toBeLessThanOrEqual(capacity);
          if (j.size > 1) expect(j.retainedBytes).toBeLessThanOrEqual(maxBytes);
          const kept = j.entries();
          // The kept entries are the newest ones, contiguous, and every other one is counted dropped.
          expect(kept.map((e) => e.seq)).toEqual(Array.from({ length: kept.length }, (_, i) => j.lastSeq - kept.length + 1 + i));
          expect(j.dropped + j.size).toBe(j.lastSeq);
        }
        if (writes.length > 0) expect(j.entries().at(-1)!.body).toBe(writes.at(-1)!.body);
      }),
      { numRuns: 200, seed: 19_001 },
    );
  });
});
