import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import { silentLogger } from '../src/logger.ts';
import type { LoadedSpecs } from '../src/spec/load-specs.ts';
import { pathPattern } from '../src/spec/load-specs.ts';
import { DOMAIN_OPERATIONS } from '../src/spec/served-operations.ts';
import { createStore } from '../src/store/store.ts';
import { sharedSpecs } from './support/test-mock.ts';

function appWith(specs: LoadedSpecs, domainOperations?: ReadonlySet<string>) {
  return () => createApp({ store: createStore(), clock: createFixedClock('2026-01-01T00:00:00Z'), config: testConfig(), logger: silentLogger, specs, ...(domainOperations && { domainOperations }) });
}

describe('start-up', () => {
  it('builds with the served specs', async () => {
    const { specs } = await sharedSpecs();
    expect(appWith(specs)).not.toThrow();
  });

  it('stops, naming the operation, when a hand-written operation has no handler', async () => {
    const { specs } = await sharedSpecs();
    const base = specs.operations.find((o) => o.operationId === 'retrieveCancellationPlan')!;
    const extra = { ...base, operationId: 'archiveCancellationPlan', method: 'POST' as const, path: '/api/v1/cancellation_plans/{id}/archive/', pattern: pathPattern('/api/v1/cancellation_plans/{id}/archive/') };
    const domain = new Set([...DOMAIN_OPERATIONS, 'archiveCancellationPlan']);
    expect(appWith({ ...specs, operations: [...specs.operations, extra] }, domain)).toThrow(/no handler for operation archiveCancellationPlan/);
    // Not hand-written, the same operation is the resource engine's (issue 20).
    expect(appWith({ ...specs, operations: [...specs.operations, extra] })).not.toThrow();
  });

  it('stops when a domain handler serves an operation DOMAIN_OPERATIONS does not list', async () => {
    const { specs } = await sharedSpecs();
    const domain = new Set([...DOMAIN_OPERATIONS].filter((id) => id !== 'login'));
    expect(appWith(specs, domain)).toThrow(/operation login has a domain handler but is not listed in DOMAIN_OPERATIONS/);
  });

  it('stops when a handler sits on another path than the spec gives', async () => {
    const { specs } = await sharedSpecs();
    const moved = specs.operations.map((o) => (o.operationId === 'listCancellationPlanStatuses' ? { ...o, path: '/api/v1/plan_statuses/' } : o));
    expect(appWith({ ...specs, operations: moved })).toThrow(/listCancellationPlanStatuses is specified as GET \/api\/v1\/plan_statuses\//);
  });
});
