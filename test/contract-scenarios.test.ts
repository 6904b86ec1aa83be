import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRequest } from '../src/contracts/build-request.ts';
import { corpusCoverage } from '../src/contracts/coverage.ts';
import { loadScenarios, matchesOnly, ScenarioError } from '../src/contracts/load-scenarios.ts';
import { matchOperation } from '../src/contracts/match-operation.ts';
import { prepareScenario, type PreparedScenario } from '../src/contracts/prepare-scenario.ts';
import type { Scenario } from '../src/contracts/scenario.ts';
import { fillValue } from '../src/contracts/templates.ts';
import { validateScenario } from '../src/contracts/validate-scenario.ts';
import { loadSpecs, type LoadedSpecs } from '../src/spec/load-specs.ts';
import { servedOperations } from '../src/spec/served-operations.ts';

let specs: LoadedSpecs;
let corpus: PreparedScenario[];

beforeAll(async () => {
  specs = await loadSpecs();
  corpus = loadScenarios().map((s) => prepareScenario(s, specs.operations));
});

const step = (method: string, path: string, extra: object = {}) => ({ request: { method, path }, expect: { status: 200 }, ...extra });

describe('the scenario corpus', () => {
  it('holds at least 40 valid scenarios', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it('has a 2xx step for every served operation', () => {
    expect(corpusCoverage(servedOperations(specs), corpus).uncovered).toEqual([]);
  });

  it('has a 2xx step for every operation of the specs, served yet or not', () => {
    expect(corpusCoverage(specs.operations, corpus).uncovered).toEqual([]);
  });

  it('has 401, 404 and 400 cases', () => {
    const statuses = new Set(corpus.flatMap((s) => s.steps.map((st) => st.step.expect.status)));
    for (const status of [400, 401, 404]) expect(statuses).toContain(status);
  });
});

describe('scenario files', () => {
  it('are rejected with every problem named', () => {
    const { problems } = validateScenario({
      name: 'x',
      steps: [
        { request: { method: 'GET', path: '/a/' }, expect: {} },
        { request: { method: 'FETCH', path: 'a?b=1' }, expect: { status: 200 }, capture: { id: 'results/0' }, expct: 1 },
        { request: { method: 'GET', path: '/a/{{nope}}/' }, expect: { status: 200 } },
      ],
    }, 'x', 'x.json');
    expect(problems).toEqual([
      'steps[0].expect.status: required (every step states its status)',
      'steps[1].expct: unknown key',
      'steps[1].request.method: one of GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE',
      'steps[1].request.path: required, starting with /',
      'steps[1].capture.id: a JSON pointer such as "/results/0/pk"',
      'steps[2].request: {{nope}} is neither built in (token, username, password, run_id) nor captured by an earlier step',
    ]);
  });

  it('may state values in expect.json: pointers, and templates it can fill', () => {
    const ok = validateScenario({ name: 'x', steps: [step('GET', '/a/', { capture: { t: '/0' } }), { ...step('GET', '/b/'), expect: { status: 200, json: { '/results/*/s': '{{t}}' } } }] }, 'x', 'x.json');
    expect(ok.problems).toEqual([]);
    const bad = validateScenario({ name: 'x', steps: [{ ...step('GET', '/b/'), expect: { status: 200, json: { status: '{{later}}' }, values: 1 } }] }, 'x', 'x.json');
    expect(bad.problems).toEqual([
      'steps[0].expect.values: unknown key',
      'steps[0].expect.json.status: a JSON pointer such as "/status"',
      'steps[0].expect.json: {{later}} is neither built in nor captured by an earlier step',
    ]);
  });

  it('may use a capture only after the step that makes it', () => {
    const early = validateScenario({ name: 'x', steps: [step('GET', '/a/{{id}}/'), step('GET', '/a/', { capture: { id: '/0' } })] }, 'x', 'x.json');
    expect(early.problems).toHaveLength(1);
    const late = validateScenario({ name: 'x', steps: [step('GET', '/a/', { capture: { id: '/0' } }), step('GET', '/a/{{id}}/')] }, 'x', 'x.json');
    expect(late.problems).toEqual([]);
  });

  it('stop the load with one line naming each bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-scenarios-'));
    try {
      writeFileSync(join(dir, 'good.json'), JSON.stringify({ name: 'g', steps: [step('GET', '/a/')] }));
      writeFileSync(join(dir, 'broken.json'), '{ "name": ');
      writeFileSync(join(dir, 'no-steps.json'), JSON.stringify({ name: 'n' }));
      expect(() => loadScenarios(dir)).toThrow(ScenarioError);
      expect(() => loadScenarios(dir)).toThrow(/broken\.json: not valid JSON.*no-steps\.json: steps: required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scenario steps', () => {
  const prepared = (method: string, path: string) => {
    const scenario: Scenario = { id: 'x', file: 'x.json', name: 'x', steps: [step(method, path) as Scenario['steps'][number]] };
    return prepareScenario(scenario, specs.operations).steps[0]!;
  };

  it('match their operation by the spec path, a literal path winning over a parameter', () => {
    expect(matchOperation(specs.operations, 'GET', '/api/v1/cancellation_plans/cancellation_plan_statuses/')?.operationId).toBe('listCancellationPlanStatuses');
    expect(matchOperation(specs.operations, 'GET', '/api/v1/cancellation_plans/{{pk}}/')?.operationId).toBe('retrieveCancellationPlan');
    expect(matchOperation(specs.operations, 'GET', '/api/v1/cancellation_requests/detailed/')?.operationId).toBe('listDetailedCancellationRequests');
    expect(matchOperation(specs.operations, 'GET', '/api/v1/cancellation_plans')).toBeNull();
    // A method the literal path does not answer is its 405, not the {id}/ route's operation.
    expect(matchOperation(specs.operations, 'GET', '/api/v1/cancellation_requests/bulk_add_tags/')).toBeNull();
    expect(matchOperation(specs.operations, 'HEAD', '/api/v1/cancellation_requests/bulk_add_tags/')).toBeNull();
    expect(matchOperation(specs.operations, 'PATCH', '/api/v1/cancellation_requests/detailed/')).toBeNull();
    expect(matchOperation(specs.operations, 'PATCH', '/api/v1/cancellation_requests/{{id}}/')?.operationId).toBe('partialUpdateCancellationRequest');
  });

  it('write by their method, except login', () => {
    expect(prepared('GET', '/api/v1/cancellation_plans/').writes).toBe(false);
    expect(prepared('POST', '/api/v1/auth/login/').writes).toBe(false);
    expect(prepared('POST', '/api/v1/cancellation_plans/1/update_status/').writes).toBe(true);
    expect(prepared('PATCH', '/api/v1/cancellation_requests/1/').writes).toBe(true);
    expect(prepared('DELETE', '/api/v1/cancellation_plans/1/').writes).toBe(true);
  });

  it('are filtered by --only on the id or an operation id, by substring or glob', () => {
    const s: Scenario = { id: 'plans-retrieve', file: '', name: '', steps: [] };
    expect(matchesOnly('retrieve', s, [])).toBe(true);
    expect(matchesOnly('plans-*', s, [])).toBe(true);
    expect(matchesOnly('*-list', s, [])).toBe(false);
    expect(matchesOnly('auth, retrieveCancellationPlan', s, ['retrieveCancellationPlan'])).toBe(true);
  });

  it('become requests with the side token, captures and typed whole-string templates', () => {
    const vars = new Map<string, unknown>([['token', 'T'], ['id', 7], ['name', null], ['run_id', 'r1']]);
    const wire = buildRequest({
      method: 'POST',
      path: '/api/v1/x/{{id}}/',
      query: { key: 'tag-{{run_id}}', limit: 2 },
      body: { ids: ['{{id}}'], holder: '{{name}}', note: 'run {{run_id}}' },
    }, vars);
    expect(wire).toEqual({
      method: 'POST',
      url: '/api/v1/x/7/?key=tag-r1&limit=2',
      headers: { Authorization: 'Token T', 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [7], holder: null, note: 'run r1' }),
    });
    expect(buildRequest({ method: 'GET', path: '/a/', headers: { Authorization: null } }, vars).headers).toEqual({});
    expect(() => fillValue('{{missing}}', vars)).toThrow('{{missing}} has no value');
  });
});
