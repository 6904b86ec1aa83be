import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';
import { snapshot } from './support/request-helpers.ts';

/**
 * Issue 19, item 1: a write that changes nothing is not journaled — the journal's second bound,
 * beside its byte budget. The mechanism is a change count the store views and tag indexes keep
 * (`storeWriteCount`); the property checks it against the state itself: over any run of tag and
 * status writes, a write is journaled exactly when the state after it differs from the state
 * before it.
 */

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 4 });
});
afterAll(async () => {
  await mock?.webhooks.close();
});

const post = (path: string, body: unknown) =>
  mock.request(path, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('a write that changes nothing is not journaled', () => {
  it('an update_status to the current status answers 200 and leaves no journal entry; a move does', async () => {
    const plan = [...mock.store.plans.values()].find((p) => p.status === 'waiting')!;
    const before = mock.journal.lastSeq;
    const same = await post(`/api/v1/cancellation_plans/${plan.pk}/update_status/`, { status: 'waiting' });
    expect(same.status).toBe(200);
    expect(mock.journal.lastSeq).toBe(before);
    const moved = await post(`/api/v1/cancellation_plans/${plan.pk}/update_status/`, { status: 'waiting_supplier' });
    expect(moved.status).toBe(200);
    expect(mock.journal.lastSeq).toBe(before + 1);
    expect(mock.journal.entries().at(-1)).toMatchObject({ operationId: expect.stringMatching(/status/i), body: { status: 'waiting_supplier' } });
  });

  it('journals a write exactly when it changed the state, for any run of tag and status writes (property)', async () => {
    const requests = [...mock.store.requests.values()].slice(0, 2).map((r) => r.id);
    const plans = [...mock.store.plans.values()].slice(0, 2).map((p) => p.pk);
    const write = fc.oneof(
      fc.record({
        kind: fc.constantFrom('add_tag', 'remove_tag'),
        id: fc.constantFrom(...requests),
        key: fc.constantFrom('a', 'b'),
      }),
      fc.record({
        kind: fc.constant('update_status'),
        id: fc.constantFrom(...plans),
        key: fc.constantFrom('waiting', 'waiting_supplier', 'confirmation_waiting', 'confirmed'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), async (writes) => {
        for (const w of writes) {
          const path = w.kind === 'update_status'
            ? `/api/v1/cancellation_plans/${w.id}/update_status/`
            : `/api/v1/cancellation_requests/${w.id}/${w.kind}/`;
          const state = snapshot(mock.store);
          const seq = mock.journal.lastSeq;
          const res = await post(path, w.kind === 'update_status' ? { status: w.key } : { key: w.key });
          const changed = snapshot(mock.store) !== state;
          if (res.status >= 300) expect(changed).toBe(false);
          expect(mock.journal.lastSeq - seq, `${w.kind} ${w.key} → ${res.status}`).toBe(changed ? 1 : 0);
        }
      }),
      { numRuns: 25, seed: 19_011 },
    );
  });
});
