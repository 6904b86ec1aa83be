import type { Context } from 'hono';
import { Hono } from 'hono';
import { reasonFilters } from '../domain/reasons/reason-filters.ts';
import { serializeReasonResource } from '../domain/reasons/serialize-reason.ts';
import { deactivateReason, updateReason, type ReasonWriteMode } from '../domain/reasons/update-reason.ts';
import { DRF, domainErrorResponse } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { readJsonBody } from './json-body.ts';
import { applyListFilters } from './list-query.ts';
import { newestFirst } from './newest-first.ts';
import { paginate } from './pagination.ts';
import { parseId, type RouteDeps } from './route-deps.ts';

const BASE = '/api/v1/cancellation_reasons';
const CHANNEL = '/api/v1/channel/:channel_id/cancellation_reasons';

/**
 * Cancellation reasons (issue 21; docs/decisions/0014): the vendor's retrieve, update, partial
 * update and soft delete, the same through a sales channel's path (reasons are shared by every
 * channel; an unknown channel is 404), and an inferred list.
 */
export function reasonRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const { gate } = deps;

  app.get(`${BASE}/`, gate.operation('listCancellationReasons'), (c) => {
    const outcome = applyListFilters(c, reasonFilters(), { strict: deps.config.strict });
    if ('response' in outcome) return outcome.response;
    const page = paginate(newestFirst(c.var.store.reasons, outcome).slice(), new URL(c.req.url), serializeReasonResource);
    return page ? c.json(page) : c.json(DRF.invalidPage, 404);
  });

  const retrieve = (c: Context<AppEnv>) => {
    const pk = reasonPk(c);
    const reason = pk === null ? undefined : c.var.store.reasons.get(pk);
    return reason ? c.json(serializeReasonResource(reason)) : c.json(DRF.notFound, 404);
  };
  const write = (mode: ReasonWriteMode) => async (c: Context<AppEnv>) => {
    const pk = reasonPk(c);
    if (pk === null || !c.var.store.reasons.has(pk)) return c.json(DRF.notFound, 404);
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const out = updateReason(c.var.store, { pk, body: body.value, mode, clock: deps.clock });
    return out.ok ? c.json(serializeReasonResource(out.value)) : domainErrorResponse(c, out.error);
  };
  const remove = (c: Context<AppEnv>) => {
    const pk = reasonPk(c);
    if (pk === null) return c.json(DRF.notFound, 404);
    const out = deactivateReason(c.var.store, pk, deps.clock);
    return out.ok ? c.body(null, 204) : domainErrorResponse(c, out.error);
  };

  app.get(`${BASE}/:id/`, gate.operation('retrieveCancellationReason'), retrieve);
  app.put(`${BASE}/:id/`, gate.operation('updateCancellationReason'), write('put'));
  app.patch(`${BASE}/:id/`, gate.operation('partialUpdateCancellationReason'), write('partial'));
  app.delete(`${BASE}/:id/`, gate.operation('deleteCancellationReason'), remove);

  app.get(`${CHANNEL}/:id/`, gate.operation('retrieveChannelCancellationReason'), retrieve);
  // The vendor's channel PUT is "Partially update": every field optional.
  app.put(`${CHANNEL}/:id/`, gate.operation('partialUpdateChannelCancellationReason'), write('partial'));
  app.delete(`${CHANNEL}/:id/`, gate.operation('deleteChannelCancellationReason'), remove);
  return app;
}

/** The path's reason pk, or null when the id is no number or the path's channel does not exist. */
function reasonPk(c: Context<AppEnv>): number | null {
  const channel = c.req.param('channel_id');
  if (channel !== undefined) {
    const channelPk = parseId(channel);
    if (channelPk === null || !c.var.store.channels.has(channelPk)) return null;
  }
  return parseId(c.req.param('id') ?? '');
}
