import { expect } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createManualScheduler, type ManualScheduler } from '../../src/webhooks/scheduler.ts';
import {
  createBody,
  createRequestVia,
  itemSupply,
  patchStatus,
  withPlan,
} from './request-helpers.ts';
import { createTestMock, json, type TestMock } from './test-mock.ts';

/**
 * The webhook delivery tests' rig: a mock with a manual retry scheduler and a debug log kept in
 * `lines`, a request approved through the API, a subscription, the delivery log; and `until`, a
 * bounded poll for lanes that never go idle.
 */

export const HOOKS = '/whisperer/hooks/';
export const EVENT = 'cancellation_plan.created';

export interface Rig {
  mock: TestMock;
  scheduler: ManualScheduler;
  lines: string[];
  /**
   * Creates a request and approves it. `onAnswer` runs as the PATCH answers, in the same turn of
   * the event loop: the reads that then find the plan may take many turns (a list waits for its
   * index builds, in slices), and delivery starts on one of them.
   */
  approve(onAnswer?: () => void): Promise<{ id: number; cancellation_plan: number }>;
  subscribe(body: Record<string, unknown>): Promise<any>;
  deliveries(query?: string): Promise<any>;
  close(): Promise<void>;
}

export async function rig(
  size = 60,
  knobs: { maxQueue?: number; concurrency?: number } = {},
): Promise<Rig> {
  const scheduler = createManualScheduler();
  const lines: string[] = [];
  const mock = await createTestMock(
    { size },
    { logger: createLogger('debug', (l) => lines.push(l)), webhooks: { scheduler, ...knobs } },
  );
  const next = itemSupply(mock.store);
  return {
    mock,
    scheduler,
    lines,
    async approve(onAnswer) {
      const request = await createRequestVia(mock, createBody(mock.store, next()));
      const res = await patchStatus(mock, request.id, 'approved');
      onAnswer?.();
      expect(res.status).toBe(200);
      return withPlan(mock, await json(res));
    },
    async subscribe(body) {
      // The longest timeout (60 s) unless a test sets its own: an attempt out while the machine
      // stalls must not time out (and wait for a retry no test advances) before the test ends.
      const res = await mock.postJson(HOOKS, {
        event_type: EVENT,
        config: { timeout: 60 },
        ...body,
      });
      const out = await json(res);
      expect(res.status, JSON.stringify(out)).toBe(201);
      return out;
    },
    async deliveries(query = '') {
      const res = await mock.request(`/__mock/webhooks/deliveries${query}`);
      expect(res.status).toBe(200);
      return json(res);
    },
    close: () => mock.webhooks.close(),
  };
}

/**
 * Waits (bounded, polling real I/O) until `cond` holds: for lanes that never go idle. The bound is
 * the receiver's own (15 s): a loaded machine is slow, not wrong.
 */
export async function until(
  cond: () => Promise<boolean> | boolean,
  what: string,
  ms = 15_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
