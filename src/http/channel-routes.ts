import type { Context } from 'hono';
import { Hono } from 'hono';
import { channelOfPlan, channelOfRequest } from '../domain/channels/channel-scope.ts';
import { imageFeedReady } from '../domain/images/image-feed.ts';
import { imageFilters } from '../domain/images/image-filters.ts';
import { allImages, findImage, IMAGES_CHANGE_AFTER_MADE, imagePng, serializeImage, type RequestImage } from '../domain/images/request-images.ts';
import { createPaymentPlan } from '../domain/plans/payment-plan.ts';
import { planFeedIndexesReady, planIndexesReady } from '../domain/plans/plan-indexes.ts';
import { channelFeedFilters, FEED_STATUS_FILTER } from '../domain/plans/plan-filters.ts';
import { rejectRequest } from '../domain/requests/reject-request.ts';
import { serializeRequest } from '../domain/requests/serialize-request.ts';
import { updateRequest } from '../domain/requests/update-request.ts';
import { withdrawRequest } from '../domain/requests/withdraw-request.ts';
import type { CancellationPlan, CancellationRequest } from '../store/types.ts';
import { DRF, domainErrorResponse } from './drf-errors.ts';
import type { AppEnv } from './env.ts';
import { readJsonBody } from './json-body.ts';
import { jsonBytes } from './json-text.ts';
import { applyListFilters } from './list-query.ts';
import { channelImageFeed, channelPlanFeed } from './channel-feeds.ts';
import { arrayJsonBytes, planBodiesOf } from './plan-bodies.ts';
import { parseId, type RouteDeps } from './route-deps.ts';
import { feedPage } from './sync-feed.ts';

const PLANS = '/api/channel/:channel_id/cancellation_plans';
const REQUESTS = '/api/channel/:channel_id/cancellation_requests';
const IMAGES = '/api/channel/:channel_id/cancellation_request_images';

/**
 * The sales-channel endpoints (issue 21; paths exactly as the vendor prints them, without
 * `/v1/`, and `create_payment_plan` without its trailing slash: docs/decisions/0014). Each is a
 * view of the same store scoped to the path's channel (another channel's object is 404), and
 * each write is the same domain write as on `/api/v1/` (same status machine, same events).
 */
export function channelRoutes(deps: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: true });
  const { gate, clock } = deps;
  // The plan list's kept JSON (plan-bodies.ts): a feed page is its plans' kept bytes joined.
  const bodies = planBodiesOf(deps);

  // Literal feed paths before `{id}/`.
  app.get(`${PLANS}/inserts_or_updates/`, gate.operation('channelCancellationPlansInsertsOrUpdates'), async (c) => {
    const store = c.get('store');
    const channel = channelParam(c);
    if (channel === null) return c.json(DRF.notFound, 404);
    const outcome = applyListFilters(c, channelFeedFilters(store), { strict: deps.config.strict });
    if ('response' in outcome) return outcome.response;
    const url = new URL(c.req.url);
    // A feed by status reads its own index (channel-feeds.ts): only such a feed waits for its build.
    const byStatus = url.searchParams.has('status') || url.searchParams.has(FEED_STATUS_FILTER);
    const waiting = byStatus ? planFeedIndexesReady(store) : planIndexesReady(store);
    if (waiting) await waiting;
    const plans = channelPlanFeed(store, channel, outcome, url);
    return jsonBytes(c, arrayJsonBytes(plans.map((p) => bodies.borrow(store, p))));
  });

  app.get(`${PLANS}/:id/`, gate.operation('retrieveChannelCancellationPlan'), (c) => {
    const plan = channelPlan(c);
    return plan ? jsonBytes(c, bodies.bytes(c.get('store'), plan)) : c.json(DRF.notFound, 404);
  });

  app.post(`${PLANS}/:id/create_payment_plan`, gate.operation('createChannelCancellationPlanPaymentPlan'), async (c) => {
    const plan = channelPlan(c);
    if (!plan) return c.json(DRF.notFound, 404);
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const stored = createPaymentPlan(c.get('store'), { planPk: plan.pk, body: body.value, userPk: c.get('principal').userPk, clock });
    // The vendor's example answer here is an object, `{}`.
    return stored.ok ? c.json({}) : domainErrorResponse(c, stored.error);
  });

  app.get(`${REQUESTS}/:id/`, gate.operation('retrieveChannelCancellationRequest'), (c) => {
    const request = channelRequest(c);
    return request ? c.json(serializeRequest(request)) : c.json(DRF.notFound, 404);
  });

  for (const [method, operationId, partial] of [
    ['put', 'updateChannelCancellationRequest', false],
    ['patch', 'partialUpdateChannelCancellationRequest', true],
  ] as const) {
    app[method](`${REQUESTS}/:id/`, gate.operation(operationId), async (c) => {
      const request = channelRequest(c);
      if (!request) return c.json(DRF.notFound, 404);
      const body = await readJsonBody(c);
      if ('response' in body) return body.response;
      const updated = updateRequest(c.get('store'), { id: request.id, body: body.value, partial, userPk: c.get('principal').userPk, clock, events: deps.events });
      return updated.ok ? c.json(serializeRequest(updated.value)) : domainErrorResponse(c, updated.error);
    });
  }

  app.delete(`${REQUESTS}/:id/`, gate.operation('deleteChannelCancellationRequest'), (c) => {
    const request = channelRequest(c);
    if (!request) return c.json(DRF.notFound, 404);
    const out = withdrawRequest(c.get('store'), { id: request.id, clock });
    return out.ok ? c.body(null, 204) : domainErrorResponse(c, out.error);
  });

  app.post(`${REQUESTS}/:id/reject/`, gate.operation('rejectChannelCancellationRequest'), (c) => {
    const request = channelRequest(c);
    if (!request) return c.json(DRF.notFound, 404);
    const out = rejectRequest(c.get('store'), { id: request.id, clock });
    return out.ok ? c.json(serializeRequest(out.value)) : domainErrorResponse(c, out.error);
  });

  for (const [path, operationId, onlyUpdates] of [
    [`${IMAGES}/inserts_or_updates/`, 'channelCancellationRequestImagesInsertsOrUpdates', false],
    [`${IMAGES}/updates/`, 'channelCancellationRequestImagesUpdates', true],
  ] as const) {
    app.get(path, gate.operation(operationId), async (c) => {
      const store = c.get('store');
      const channel = channelParam(c);
      if (channel === null) return c.json(DRF.notFound, 404);
      const outcome = applyListFilters(c, imageFilters(), { strict: deps.config.strict });
      if ('response' in outcome) return outcome.response;
      // No derived image is ever changed after it was made (request-images.ts): `updates/` is empty.
      if (onlyUpdates && !IMAGES_CHANGE_AFTER_MADE) return c.json([]);
      const waiting = imageFeedReady(store);
      if (waiting) await waiting;
      const keep = (image: RequestImage) =>
        outcome.predicates.every((p) => p(image)) && (!onlyUpdates || image.modified_date > image.created_date);
      const url = new URL(c.req.url);
      const everyImage = outcome.predicates.length === 0 && !onlyUpdates;
      const page = channelImageFeed(store, channel, everyImage ? null : keep, url) ??
        feedPage(allImages(store).filter((i) => channelOfRequest(store, store.requests.get(i.cancellation_request)!) === channel && keep(i)), url, (i) => i.id);
      return c.json(page.map((i) => serializeImage(i, url.origin)));
    });
  }

  // Public: an `<img>` sends no token. The picture exists while its image does.
  app.get('/media/cancellation_request_images/:file', gate.operation('cancellationRequestImageFile'), (c) => {
    const file = c.req.param('file') ?? '';
    const match = /^(\d{1,15})\.png$/.exec(file);
    const image = match ? findImage(c.get('store'), Number(match[1])) : undefined;
    // Only the name the image's URL carries (`181.png`): storage serves a file by its name, and
    // `0181.png` is another name, no file (Django's `static.serve` answers it 404).
    if (!image || file !== `${image.id}.png`) return c.json(DRF.notFound, 404);
    return c.body(imagePng(image.id), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' });
  });

  return app;
}

/** The path's channel pk, or null when it is no number or names no channel. */
function channelParam(c: Context<AppEnv>): number | null {
  const pk = parseId(c.req.param('channel_id') ?? '');
  return pk !== null && c.get('store').channels.has(pk) ? pk : null;
}

function channelPlan(c: Context<AppEnv>): CancellationPlan | undefined {
  const channel = channelParam(c);
  const id = parseId(c.req.param('id') ?? '');
  const plan = channel === null || id === null ? undefined : c.get('store').plans.get(id);
  return plan && channelOfPlan(c.get('store'), plan) === channel ? plan : undefined;
}

function channelRequest(c: Context<AppEnv>): CancellationRequest | undefined {
  const channel = channelParam(c);
  const id = parseId(c.req.param('id') ?? '');
  const request = channel === null || id === null ? undefined : c.get('store').requests.get(id);
  return request && channelOfRequest(c.get('store'), request) === channel ? request : undefined;
}
