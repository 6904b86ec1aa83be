/**
 * The one place that says which operations are hand-written (a domain handler in `src/http/`
 * serves each, with the rules of `src/domain/`). Every other served operation is answered by
 * the resource engine (`src/engine/`, issue 20). Start-up fails when a listed operation has no
 * domain route, or a domain route serves an operation not listed here: add the new handler's
 * operationId to this set.
 */
export const DOMAIN_OPERATIONS: ReadonlySet<string> = new Set([
  'login',
  'listCancellationPlans', 'retrieveCancellationPlan', 'listCancellationPlanStatuses',
  'updateCancellationPlanStatus', 'createCancellationPlanPaymentPlan',
  'listCancellationRequests', 'createCancellationRequest', 'listDetailedCancellationRequests',
  'filterCancellationRequestsByTag', 'filterCancellationRequestsByTagPost',
  'excludeCancellationRequestsByTag', 'excludeCancellationRequestsByTagPost',
  'bulkAddCancellationRequestTags', 'bulkRemoveCancellationRequestTags',
  'retrieveCancellationRequest', 'updateCancellationRequest', 'partialUpdateCancellationRequest',
  'rejectCancellationRequest', 'retrieveDetailedCancellationRequest',
  'listCancellationRequestTags', 'addCancellationRequestTag', 'addCancellationRequestTags',
  'removeCancellationRequestTag', 'removeCancellationRequestTags',
  'listWebhookSubscriptions', 'createWebhookSubscription', 'deliverCancellationPlanCreated',
  'deleteWebhookSubscription',
  // The rest of the cancellation family (issue 21; docs/decisions/0014). Reasons, the
  // integration orders and order items, and an image's retrieve are the resource engine's,
  // over the domain's objects and rules (src/engine/domain-resources.ts).
  'channelCancellationPlansInsertsOrUpdates', 'retrieveChannelCancellationPlan',
  'createChannelCancellationPlanPaymentPlan',
  'retrieveChannelCancellationRequest', 'updateChannelCancellationRequest',
  'partialUpdateChannelCancellationRequest', 'deleteChannelCancellationRequest',
  'rejectChannelCancellationRequest',
  'channelCancellationRequestImagesInsertsOrUpdates', 'channelCancellationRequestImagesUpdates',
  'cancellationRequestImageFile',
]);
