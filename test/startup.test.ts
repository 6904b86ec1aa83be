import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { silentLogger } from '../src/logger.ts';
import type { LoadedSpecs } from '../src/spec/load-specs.ts';
import { pathPattern } from '../src/spec/load-specs.ts';
import { createStore } from '../src/store/store.ts';
import { sharedSpecs } from './support/test-mock.ts';

function appWith(specs: LoadedSpecs) {
  return () => createApp({ store: createStore(), clock: createFixedClock('2026-01-01T00:00:00Z'), config: testConfig(), logger: silentLogger, specs });
}

describe('start-up', () => {
  it('builds with the served specs', async () => {
    const { specs } = await sharedSpecs();
    expect(appWith(specs)).not.toThrow();
  });

  it('stops, naming the operation, when a served operation has no handler', async () => {
    const { specs } = await sharedSpecs();
    const base = specs.operations.find((o) => o.operationId === 'retrieveCancellationPlan')!;
    const extra = { ...base, operationId: 'archiveCancellationPlan', method: 'POST' as const, path: '/api/v1/cancellation_plans/{id}/archive/', pattern: pathPattern('/api/v1/cancellation_plans/{id}/archive/') };
    expect(appWith({ ...specs, operations: [...specs.operations, extra] })).toThrow(/no handler for operation archiveCancellationPlan/);
  });

  it('stops when a handler sits on another path than the spec gives', async () => {
    const { specs } = await sharedSpecs();
    const moved = specs.operations.map((o) => (o.operationId === 'listCancellationPlanStatuses' ? { ...o, path: '/api/v1/plan_statuses/' } : o));
    expect(appWith({ ...specs, operations: moved })).toThrow(/listCancellationPlanStatuses is specified as GET \/api\/v1\/plan_statuses\//);
  });
});
