import { beforeAll, describe, expect, it } from 'vitest';
import { buildMock, type Mock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { loadContractSpecs, type ContractSpecs } from '../src/contracts/contract-specs.ts';
import { createEmbeddedMock, EMBEDDED_SEED, EMBEDDED_SIZE } from '../src/contracts/embedded-mock.ts';
import { LIST_FILTERS, type ListFilter } from '../src/contracts/list-filters.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import type { Scenario, Step } from '../src/contracts/scenario.ts';
import { appSide, type Side } from '../src/contracts/targets.ts';
import { silentLogger } from '../src/logger.ts';

/**
 * A target that ignores one filter of the table (it drops the parameter before answering, as a
 * live API does with a parameter it does not know) must be caught, for every filter in turn.
 * The target holds the same data as the mock, so the value picked for the filter is real on
 * both sides, and the honest mock must pass the very same scenario.
 */
const PATHS: Record<string, string> = {
  listCancellationPlans: '/api/v1/cancellation_plans/',
  listCancellationRequests: '/api/v1/cancellation_requests/',
  listDetailedCancellationRequests: '/api/v1/cancellation_requests/detailed/',
  filterCancellationRequestsByTag: '/api/v1/cancellation_requests/filter_tags/',
  excludeCancellationRequestsByTag: '/api/v1/cancellation_requests/exclude_tags/',
};
/** The tag every request gets before a `filter_tags` case. */
const TAG = 'planted-all';

const cases = Object.entries(LIST_FILTERS).flatMap(([operationId, filters]) =>
  Object.entries(filters).map(([name, filter]) => [operationId, name, filter] as const));

describe('contract harness against targets that each ignore one filter', () => {
  let loaded: ContractSpecs;
  let mock: Side;
  let data: Mock;
  let ignored: { path: string; parameter: string } | null = null;
  let target: Side;
  const rows = new Map<string, Record<string, unknown>[]>();

  beforeAll(async () => {
    loaded = await loadContractSpecs();
    const embedded = await createEmbeddedMock(loaded);
    mock = appSide('mock', 'embedded mock', { token: embedded.config.token }, embedded.fresh);
    const config = testConfig({ seed: EMBEDDED_SEED, size: EMBEDDED_SIZE, logLevel: 'silent' });
    data = await buildMock(config, { logger: silentLogger, ...loaded });
    const auth = { Authorization: `Token ${config.token}` };
    for (const op of ['listCancellationPlans', 'listCancellationRequests', 'listDetailedCancellationRequests']) {
      const listed = await data.app.request(`${PATHS[op]}?limit=1000`, { headers: auth });
      rows.set(op, ((await listed.json()) as { results: Record<string, unknown>[] }).results);
    }
    // The tag lists answer plain requests.
    rows.set('filterCancellationRequestsByTag', rows.get('listCancellationRequests')!);
    rows.set('excludeCancellationRequestsByTag', rows.get('listCancellationRequests')!);
    const planted = {
      request(url: string, init?: RequestInit) {
        const parsed = new URL(url, 'http://planted.invalid');
        if (ignored && parsed.pathname === ignored.path) parsed.searchParams.delete(ignored.parameter);
        return data.app.request(parsed.pathname + parsed.search, init);
      },
    };
    target = appSide('target', 'planted', { token: config.token }, () => planted);
  });

  it.each(cases)('%s: a target ignoring %s is caught', async (operationId, name, filter) => {
    const parameter = filter.plain === false ? `${name}__in` : name;
    const value = pick(rows.get(operationId)!, filter);
    const step: Step = {
      name: `filter by ${parameter}`,
      request: { method: 'GET', path: PATHS[operationId]!, query: { ...tagKey(operationId), [parameter]: value, limit: 1000 } },
      expect: { status: 200 },
    };
    // filter_tags lists what carries the tag: every request gets it first, on each side.
    const ids = rows.get('listCancellationRequests')!.map((r) => r.id);
    const tagAll: Step = { request: { method: 'POST', path: '/api/v1/cancellation_requests/bulk_add_tags/', body: { ids, keys: [TAG] } }, expect: { status: 204 } };
    const steps = operationId === 'filterCancellationRequestsByTag' ? [tagAll, step] : [step];
    const scenario: Scenario = { id: `ignores-${operationId}-${name}`, file: '', name: `ignores ${name}`, steps };
    ignored = { path: PATHS[operationId]!, parameter };
    const report = await runContract({ scenarios: [scenario], ...loaded, mock, target, allowWrites: true });
    ignored = null;
    expect(report.findings.filter((f) => f.side === 'mock')).toEqual([]);
    expect(report.findings).toContainEqual(expect.objectContaining({ side: 'target', kind: 'promise', expected: `${parameter}=${value}` }));
  });
});

function tagKey(operationId: string): Record<string, string> {
  if (operationId === 'filterCancellationRequestsByTag') return { key: TAG };
  if (operationId === 'excludeCancellationRequestsByTag') return { key: 'none' };
  return {};
}

/** A value some rows carry at the filter's path and others do not, as the query writes it. */
function pick(rows: readonly Record<string, unknown>[], filter: ListFilter): string {
  const values = rows.map((r) => filter.path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], r));
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const chosen = values.find((v) => v !== null && v !== undefined && values.some((w) => text(w) !== text(v)));
  if (chosen === undefined) throw new Error(`no row value to filter ${filter.path} by: the seed needs more variety`);
  return text(chosen);
}
