/**
 * `import { createMock } from 'omnitron-mock'`: the mock in-process, for test runners and
 * anything else that can hand it a `Request` (README "In-process").
 */
export { createMock } from './create-mock.ts';
export { MockAdminError } from './embed-types.ts';
export type {
  ClockState,
  CreateMockOptions,
  FaultRule,
  FaultRuleInput,
  FixtureInput,
  FixtureResult,
  ImportResult,
  MockControls,
  MockSession,
  OmnitronMock,
  PlanCreatedEvent,
  ReseedResult,
  ResetResult,
} from './embed-types.ts';
export type { paths, operations, schemas } from '../types/index.d.ts';
