import type { SideRole } from './targets.ts';

/**
 * What went wrong, and on which side:
 * - `status`: the answer's status is not the one the step expects (for the target: not the
 *   mock's, which is the same thing, since the mock must meet every expectation);
 * - `transport`: no answer (refused, dropped connection, timeout);
 * - `validation`: the answer breaks the served spec (status undocumented, media type, schema);
 * - `capture`: a value a later step needs is not in the answer;
 * - structural drift between mock and target: `content-type`, `presence` (a JSON path on one
 *   side only), `type`, `null` (null against a value where the schema forbids null), `value`
 *   (a field named with `--compare` or `compareValues` differs: only when asked), `order` (a
 *   domain operation's page asked for in its default order lists its rows by identity the other
 *   way round, or in no order of identity, where the mock's are newest first);
 * - `promise`: an answer breaks what its own request promised, on that side alone (a row that
 *   does not match a filter, more rows than `limit`, a sent value not echoed, an `expect.json`).
 */
export type FindingKind =
  | 'status' | 'transport' | 'validation' | 'capture'
  | 'content-type' | 'presence' | 'type' | 'null' | 'value' | 'order' | 'promise';

/** The structural kinds: what the diff between mock and target reports. */
export const DRIFT_KINDS: readonly FindingKind[] = ['content-type', 'presence', 'type', 'null', 'value', 'order'];

/** A diff or check result before it is placed in a scenario and step. */
export interface RawFinding {
  kind: FindingKind;
  side: SideRole;
  /** A JSON pointer into the body, `*` standing for any array item (`/results/*\/status`); '' for the whole answer. */
  path: string;
  expected: string;
  actual: string;
  message: string;
}

/** A finding in full: every report shows scenario, step, operation, side and path. */
export interface ContractFinding extends RawFinding {
  scenario: string;
  /** 1-based step number. */
  step: number;
  stepName: string;
  operationId: string | null;
}

/** One line: `plans-retrieve › 02 retrieve (retrieveCancellationPlan) [target] presence /invoice_number: …`. */
export function formatFinding(f: ContractFinding): string {
  const where = f.path === '' ? '' : ` ${f.path}`;
  return `${f.scenario} › ${f.stepName} (${f.operationId ?? 'no operation'}) [${f.side}] ${f.kind}${where}: ${f.message} (expected ${f.expected}, got ${f.actual})`;
}
