import { Hono, type Context } from 'hono';
import { changePlanStatus, readPlanStatusBody } from '../domain/plans/change-plan-status.ts';
import { createPaymentPlan } from '../domain/plans/payment-plan.ts';
import { planExportRow, PLAN_EXPORT_HEADER } from '../domain/plans/plan-export.ts';
import { planFilters } from '../domain/plans/plan-filters.ts';
import { planStatusLabels } from '../domain/plans/plan-statuses.ts';
import { settleRequestsOfPlan } from '../domain/requests/settle-request.ts';
import { MESSAGES } from '../domain/shared/filter-engine.ts';
import { writeAfterStaleRead } from '../journal/race-window.ts';
import type { CancellationPlan } from '../store/types.ts';
import { DRF, domainErrorResponse } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { EXPORT_FORMATS, exportResponse, type ExportFormat } from './export-file.ts';
import { readJsonBody } from './json-body.ts';
import { jsonBytes, jsonText, pageJsonBytes } from './json-text.ts';
import { applyListFilters, type RowFilters } from './list-query.ts';
import { planCandidates, planIndexesReady } from '../domain/plans/plan-indexes.ts';
import { newestFirst } from './newest-first.ts';
import { paginate } from './pagination.ts';
import { planBodiesOf } from './plan-bodies.ts';
import { parseId, type RouteDeps } from './route-deps.ts';

const BASE = '/api/v1/cancellation_plans';
/** The list's own parameter beside its filters (frozen: a route constant). */
const EXPORT_RESERVED: readonly string[] = Object.freeze(['export_format']);
type ListFilterOptions = NonNullable<Parameters<typeof applyListFilters>[2]>;
/** `update_status`'s answer, as `c.json` wrote it, made once (seed 002's example). */
const STATUS_UPDATED = JSON.stringify({ message: 'Status updated successfully' });

/**
 * Cancellation plans (seed 002): list with filters and exports, retrieve, statuses, and the two
 * writes. Handlers stay thin — parse, call the domain, answer; the rules live in `domain/plans/`.
 */
export function planRoutes(deps: RouteDeps): Hono<AppEnv> {
  const { gate, config, logger, clock } = deps;
  const app = new Hono<AppEnv>({ strict: true });
  // A plan's JSON is kept and checked against the store on every use (plan-json-cache.ts): it
  // was most of what a detail cost, and a page of ten joins ten kept byte arrays. Shared with the
  // sales-channel plan routes (plan-bodies.ts). Only bytes are kept: the self-check (tests,
  // --strict) decodes what it checks, and a plain `serve` never makes the text.
  const bodies = planBodiesOf(deps);

  // What the list gives `applyListFilters`, made once per routes (the request lists' form,
  // eighteenth session): an options object and its `onIgnored` were made for every request.
  const listOptions: ListFilterOptions = {
    get strict() {
      return config.strict;
    },
    extraReserved: EXPORT_RESERVED,
    onIgnored: (names) => logger.info(`ignored query parameters on listCancellationPlans: ${names.join(', ')}`),
  };
  /** The list once its filters are parsed and the indexes built: the page, or an export. */
  const planPage = (c: Context<AppEnv>, outcome: RowFilters<CancellationPlan>, format: string | undefined): Response | Promise<Response> => {
    const store = c.get('store');
    const rows = newestFirst(store.plans, outcome, () => planCandidates(store).pkWithin({}));
    if (format) {
      return exportResponse(c, format as ExportFormat, 'cancellation_plans', {
        header: PLAN_EXPORT_HEADER,
        rows: rows.slice().map((p) => planExportRow(store, p)),
      });
    }
    const page = paginate(rows, c.req.url, (p) => bodies.borrow(store, p));
    return page ? jsonBytes(c, pageJsonBytes(page)) : c.json(DRF.invalidPage, 404);
  };

  app.get(`${BASE}/`, gate.operation('listCancellationPlans'), (c) => {
    const store = c.get('store');
    const format = c.req.query('export_format');
    if (format && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      return c.json({ export_format: [MESSAGES.choice(format)] }, 400);
    }
    const outcome = applyListFilters(c, planFilters(store), listOptions);
    if ('response' in outcome) return outcome.response;
    // Answered in the same tick once the indexes are built: no promise, no microtask turn
    // (fused-router.ts takes a Response or a promise of one), as the request list is.
    const waiting = planIndexesReady(store);
    return waiting ? (waiting.then(() => planPage(c, outcome, format)) as Promise<Response>) : planPage(c, outcome, format);
  });

  // Registered before `{id}` so the literal path wins.
  app.get(
    `${BASE}/cancellation_plan_statuses/`,
    gate.operation('listCancellationPlanStatuses'),
    (c) => c.json({ cancellation_plan_statuses: planStatusLabels() }),
  );

  app.get(`${BASE}/:id/`, gate.operation('retrieveCancellationPlan'), (c) => {
    const plan = findPlan(c);
    if (!plan) return c.json(DRF.notFound, 404);
    return jsonBytes(c, bodies.bytes(c.get('store'), plan));
  });

  // As in a DRF detail action, the plan is looked up (404) before the body is read (415/400).
  app.post(
    `${BASE}/:id/update_status/`,
    gate.operation('updateCancellationPlanStatus'),
    async (c) => {
      // `c.get`, not `c.var` (which copies every variable into a new object on each access).
      const store = c.get('store');
      const id = findPlan(c)?.pk;
      if (id === undefined) return c.json(DRF.notFound, 404);
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      const status = readPlanStatusBody(body.value);
      if (!status.ok) return domainErrorResponse(c, status.error);
      // The request behind a settled plan follows it (completed / rejected), DOMAIN.md §3–§4.
      const move = (s: typeof store) =>
        changePlanStatus(
          s,
          { planPk: id, status: status.value, userPk: c.get('principal').userPk, clock },
          { onPlanSettled: settleRequestsOfPlan },
        );
      // `raceWindow` is TEST-ONLY (test/concurrency-journal.test.ts proves it is caught); unset
      // in production, so the read and the write below happen in one synchronous step.
      const moved = deps.raceWindow
        ? await writeAfterStaleRead(store, id, deps.raceWindow, move)
        : move(store);
      return moved.ok
        ? jsonText(c, STATUS_UPDATED)
        : domainErrorResponse(c, moved.error);
    },
  );

  app.post(
    `${BASE}/:id/create_payment_plan/`,
    gate.operation('createCancellationPlanPaymentPlan'),
    async (c) => {
      const store = c.get('store');
      const id = findPlan(c)?.pk;
      if (id === undefined) return c.json(DRF.notFound, 404);
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      const stored = createPaymentPlan(store, {
        planPk: id,
        body: body.value,
        userPk: c.get('principal').userPk,
        clock,
      });
      return stored.ok
        ? c.json({ message: 'Payment plan created successfully' })
        : domainErrorResponse(c, stored.error);
    },
  );

  return app;
}



/** The plan a `{id}` route names; undefined for an unknown or non-numeric id (DRF's 404). */
function findPlan(c: Context<AppEnv>): CancellationPlan | undefined {
  const id = parseId(c.req.param('id') ?? '');
  return id === null ? undefined : c.get('store').plans.get(id);
}
