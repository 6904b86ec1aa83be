import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger.ts';
import { builtInDomainOperations, builtInEngineOperations } from './support/domain-operation-count.ts';
import { specDir } from './support/spec-dir.ts';
import { AUTH, createTestMock, json } from './support/test-mock.ts';
import { vendorBlock } from './support/vendor-block.ts';

function capturingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = () => {};
  return { level: 'warn', error: none, warn: (m: string) => warnings.push(m), info: none, debug: none, warnings } as Logger & { warnings: string[] };
}

describe('an extra document describing an operation at a path the domain serves', () => {
  it('is answered by the domain, not the engine, and start-up warns naming both operations', async () => {
    // The vendor's own "Retrieve Cancellation Plan" fragment: GET /api/v1/cancellation_plans/{id}/
    // under a derived operationId, where the domain serves retrieveCancellationPlan.
    const file = join(specDir({ 'vendor.openapi.json': vendorBlock('Retrieve Cancellation Plan') }), 'vendor.openapi.json');
    const logger = capturingLogger();
    const mock = await createTestMock({ spec: [file], size: 20 }, { logger });
    expect(logger.warnings).toEqual([expect.stringMatching(/getApiV1CancellationPlansById \(GET \/api\/v1\/cancellation_plans\/\{id\}\/ .*retrieveCancellationPlan/)]);
    const health = await json(await mock.request('/__mock/health'));
    expect(health.operations).toEqual({ domain: (await builtInDomainOperations()) + 1, engine: await builtInEngineOperations() });
    // The plan the domain holds, with its rules' shape, not a sample of the vendor's schema.
    const listed = (await mock.getJson('/api/v1/cancellation_plans/?limit=1')).results[0];
    const res = await mock.request(`/api/v1/cancellation_plans/${listed.pk}/`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(listed);
  });
});
