import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMock, type Mock } from '../src/build-mock.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { testConfig } from '../src/config.ts';
import type { OmnitronEvent } from '../src/domain/events/event-bus.ts';
import { silentLogger } from '../src/logger.ts';
import { flakyIo, type Fate } from './support/flaky-io.ts';
import { createBody, itemSupply } from './support/request-helpers.ts';
import { AUTH, sharedSpecs, TEST_NOW, TOKEN } from './support/test-mock.ts';

/**
 * Issue 19 item 2: a write answered 503 `state_not_saved` "was not applied" — so it announces
 * nothing either. With `--state-file`, `cancellation_plan.created` leaves once the approval that
 * made the plan is on disk; an approval whose append failed sends no event, and the pk its
 * rolled-back sequence hands out again is announced once, for the plan that exists.
 */
const fates: Fate[] = [];
const io = flakyIo(fates);
const open: Mock[] = [];
afterAll(async () => {
  for (const mock of open) await mock.admin.close();
});

describe('events of writes with a state file', () => {
  it('leave only for saved writes: a 503 approval announces no plan, and its pk is announced once', async () => {
    const { specs, checker } = await sharedSpecs();
    const file = join(mkdtempSync(join(tmpdir(), 'omnitron-events-')), 'state.ndjson');
    const mock = await buildMock(testConfig({ token: TOKEN, size: 8, stateFile: file }), {
      logger: silentLogger, clock: createFixedClock(TEST_NOW), specs, checker, stateFileIo: io, start: false,
    });
    open.push(mock);
    const events: OmnitronEvent[] = [];
    mock.events.subscribe('cancellation_plan.created', (e) => events.push(e));
    const send = (method: string, path: string, body: unknown) =>
      Promise.resolve(mock.app.request(path, { method, headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
    const supply = itemSupply(mock.store);
    const approve = async (fail: boolean) => {
      const created = await send('POST', '/api/v1/cancellation_requests/', createBody(mock.store, supply()));
      expect(created.status).toBe(201);
      if (fail) fates.push('enospc');
      return send('PATCH', `/api/v1/cancellation_requests/${((await created.json()) as { id: number }).id}/`, { status: 'approved' });
    };
    const plans = mock.store.plans.size;
    const refused = await approve(true);
    expect(refused.status).toBe(503);
    expect(mock.store.plans.size).toBe(plans);
    const approved = await approve(false);
    expect(approved.status).toBe(200);
    await mock.admin.stateFile!.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const pks = events.map((e) => (e.payload as { pk: number }).pk);
    expect(pks).toHaveLength(1);
    expect(mock.store.plans.has(pks[0]!)).toBe(true);
    expect(mock.store.plans.size).toBe(plans + 1);
  });
});
