import { describe, expect, it } from 'vitest';
import { loadContractSpecs } from '../src/contracts/contract-specs.ts';
import { createEmbeddedMock } from '../src/contracts/embedded-mock.ts';
import { WIDGETS } from './support/engine-fixture.ts';

/**
 * The contract harness built its checker before the write budget's 507 was documented: a
 * full-budget 507 on an engine create was "not documented" against `--mock-url`, and "an unknown
 * status code" embedded. Its documents are now prepared as `buildMock` prepares them.
 */
const BUDGET_FULL = {
  status: 507,
  contentType: 'application/json',
  body: {
    detail: 'The mock holds as much as API writes may add to it; nothing was changed. Reset the state (POST /__mock/reset) or end a session to write more.',
    code: 'insufficient_storage',
  },
};

describe('contract harness and the write budget', () => {
  it("accepts an engine create's 507 before and after the embedded mock is built", async () => {
    const { specs, checker } = await loadContractSpecs(undefined, [WIDGETS]);
    expect(checker.check('createWidget', BUDGET_FULL)).toEqual([]);
    await createEmbeddedMock({ specs, checker });
    expect(checker.check('createWidget', BUDGET_FULL)).toEqual([]);
  });
});
