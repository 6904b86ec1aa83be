import { PLAN_STATUSES, type PlanStatus } from '../../store/types.ts';

/** Readable labels for the statuses endpoint: `manuel_refund_need` → `Manuel Refund Need`. */
export function planStatusLabels(): Record<PlanStatus, string> {
  return Object.fromEntries(
    PLAN_STATUSES.map((s) => [s, s.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ')]),
  ) as Record<PlanStatus, string>;
}
