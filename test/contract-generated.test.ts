import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, generateScenarios } from '../scripts/generate-scenarios.ts';
import { createEmbeddedMock } from '../src/contracts/embedded-mock.ts';
import { loadScenarios } from '../src/contracts/load-scenarios.ts';
import { runContract } from '../src/contracts/run-contract.ts';
import { appSide } from '../src/contracts/targets.ts';
import { planEngine } from '../src/engine/resource-plan.ts';
import { WIDGETS } from './support/engine-fixture.ts';
import { sharedSpecs } from './support/test-mock.ts';

const NOTES = fileURLToPath(new URL('./fixtures/engine/notes.openapi.yaml', import.meta.url));

describe('generated contract scenarios (one per engine operation)', () => {
  it('are what `npm run scenarios` writes now (run it after changing a document or DOMAIN_OPERATIONS)', async () => {
    const fresh = await generateScenarios((await sharedSpecs()).specs);
    expect(fresh.size + fresh.missing.length).toBe(planEngine((await sharedSpecs()).specs).length);
    const committed = existsSync(GENERATED_DIR) ? readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.json')).sort() : [];
    expect(committed, 'contracts/generated/ holds exactly the generated files').toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect(readFileSync(join(GENERATED_DIR, name), 'utf8'), `contracts/generated/${name} is stale: run npm run scenarios`).toBe(text);
  }, 60_000);

  it('cover every engine operation of extra documents with a 2xx step that passes against the mock', async () => {
    const { specs, checker } = await sharedSpecs([WIDGETS, NOTES]);
    const files = await generateScenarios(specs);
    const dir = mkdtempSync(join(tmpdir(), 'generated-scenarios-'));
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    const scenarios = loadScenarios(dir);
    // The fixture documents' operations (the built-in documents' engine operations are the first test's).
    const engine = planEngine(specs).filter((a) => ['widgets.openapi.yaml', 'notes.openapi.yaml'].includes(a.op.document)).map((a) => a.op.operationId);
    expect(engine).toHaveLength(12);
    expect(files.missing.filter((id) => engine.includes(id))).toEqual([]);
    const embedded = await createEmbeddedMock({ specs, checker });
    const mock = appSide('mock', 'embedded mock', { token: embedded.config.token }, embedded.fresh);
    const report = await runContract({ scenarios, specs, checker, mock, target: null });
    expect(report.findings).toEqual([]);
    expect(report.totals.scenarios.failed).toBe(0);
    expect(engine.filter((id) => !report.coverage.covered.includes(id))).toEqual([]);
  }, 60_000);
});
