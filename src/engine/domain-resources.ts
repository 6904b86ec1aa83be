import type { Clock } from '../common/clock.ts';
import type { Result } from '../domain/errors.ts';
import { channelOfRequest } from '../domain/channels/channel-scope.ts';
import { imageFilters } from '../domain/images/image-filters.ts';
import { allImages, findImage, serializeImage, type RequestImage } from '../domain/images/request-images.ts';
import { orderFilters } from '../domain/orders/order-filters.ts';
import { serializeIntegrationItem, serializeIntegrationOrder } from '../domain/orders/serialize-integration-order.ts';
import { reasonFilters } from '../domain/reasons/reason-filters.ts';
import { serializeReasonResource } from '../domain/reasons/serialize-reason.ts';
import { deactivateReason, updateReason } from '../domain/reasons/update-reason.ts';
import type { FilterDef } from '../domain/shared/filter-engine.ts';
import { serializeProduct, serializeUser } from '../domain/shared/serialize-order.ts';
import type { Store } from '../store/store.ts';
import type { EngineAction } from './resource-plan.ts';

/** A write the domain has a rule for: the stored object after it, or the rule's refusal. */
export type DomainWrite<T> = (store: Store, input: { pk: number; body: unknown; partial: boolean; clock: Clock }) => Result<T>;

/**
 * One collection the domain already holds, as the resource engine serves it when a document
 * describes it (issue 20; docs/decisions/0013 "Domain-held resources"). Every answer comes from
 * the domain's objects and serializer, so the bytes are those of the domain's own routes.
 */
export interface DomainResource<T = any> {
  /** The table's name for it (also what `x-mock-collection` may name to pick it explicitly). */
  name: string;
  /** Path nouns that mean it: the last literal segment of the collection path. */
  nouns: readonly string[];
  /** Schema titles (or `x-mock-collection`) that mean it. */
  schemas: readonly string[];
  /** Every object, keyed by its pk (lists walk it newest first, DOMAIN.md §1). */
  rows(store: Store): ReadonlyMap<number, T>;
  /** The object a path id names; a non-numeric id names none (DRF's router: "Not found."). */
  find(store: Store, pk: number): T | undefined;
  /** The domain's own serializer; `origin` for answers that hold the mock's own URLs. */
  serialize(store: Store, row: T, origin: string): Record<string, unknown>;
  /** The domain's filter set; a list serves those its document declares as query parameters. */
  filters(): FilterDef<T>[];
  /**
   * The sales channel an object belongs to, for `{channel_id}` paths; `'every'` when the object
   * is shared by every channel (reasons). Without it a channel path scopes by the object's field.
   */
  channelOf?(store: Store, row: T): number | undefined | 'every';
  /** Writes with a domain rule. Every other write to the resource answers 405. */
  writes: { update?: DomainWrite<T>; destroy?: DomainWrite<T> };
}

const fromMap = <K extends keyof Store>(key: K) => ({
  rows: (store: Store) => store[key] as unknown as ReadonlyMap<number, any>,
  find: (store: Store, pk: number) => (store[key] as unknown as ReadonlyMap<number, any>).get(pk),
});

/**
 * The one table that says which documented resources the domain holds, and how the engine reads
 * and writes each. A resource matches by path noun or schema title (`matchDomainResource`).
 */
export const DOMAIN_RESOURCES: readonly DomainResource[] = [
  {
    name: 'orders', nouns: ['orders'], schemas: ['Order', 'IntegrationOrder'], ...fromMap('orders'),
    serialize: (store, order) => serializeIntegrationOrder(store, order),
    filters: orderFilters, channelOf: (_store, order) => order.channel, writes: {},
  },
  {
    name: 'orderItems', nouns: ['order_items', 'orderitems'], schemas: ['OrderItem'], ...fromMap('orderItems'),
    serialize: (_store, item) => serializeIntegrationItem(item),
    filters: () => [], channelOf: (store, item) => store.orders.get(item.order)?.channel, writes: {},
  },
  {
    name: 'products', nouns: ['products'], schemas: ['Product'], ...fromMap('products'),
    serialize: (_store, product) => serializeProduct(product), filters: () => [], writes: {},
  },
  {
    name: 'customers', nouns: ['customers'], schemas: ['Customer'], ...fromMap('customers'),
    serialize: (_store, customer) => ({ ...customer }), filters: () => [], channelOf: (_store, c) => c.channel, writes: {},
  },
  {
    name: 'users', nouns: ['users'], schemas: ['User'], ...fromMap('users'),
    serialize: (_store, user) => serializeUser(user), filters: () => [], writes: {},
  },
  {
    name: 'channels', nouns: ['channels'], schemas: ['Channel', 'SalesChannel'], ...fromMap('channels'),
    serialize: (_store, channel) => ({ ...channel }), filters: () => [], writes: {},
  },
  {
    name: 'reasons', nouns: ['cancellation_reasons'], schemas: ['CancellationReason'], ...fromMap('reasons'),
    serialize: (_store, reason) => serializeReasonResource(reason),
    filters: reasonFilters,
    // Reasons belong to no channel: every existing channel sees every reason (docs/decisions/0014).
    channelOf: () => 'every',
    writes: {
      update: (store, { pk, body, partial, clock }) => updateReason(store, { pk, body, mode: partial ? 'partial' : 'put', clock }),
      destroy: (store, { pk, clock }) => deactivateReason(store, pk, clock),
    },
  },
  {
    name: 'requestImages', nouns: ['cancellation_request_images'], schemas: ['CancellationRequestImage'],
    // Derived from the requests, not stored (docs/decisions/0014 "Images are derived").
    rows: (store) => new Map(allImages(store).map((image) => [image.id, image])),
    find: findImage,
    serialize: (_store, image, origin) => serializeImage(image, origin),
    filters: imageFilters,
    channelOf: (store, image: RequestImage) => channelOfRequest(store, store.requests.get(image.cancellation_request)!),
    writes: {},
  },
];

/**
 * The domain collection a document's resource is, or null for a generic one. In this order:
 * the schema's `x-mock-collection` naming a table entry (`x-mock-collection: orders`), then the
 * path's noun (the last literal segment of the collection path: `/api/v1/orders/{id}/` →
 * `orders`), then the schema's title (`Order`). `x-mock-domain: false` on the schema keeps a
 * resource generic whatever its name.
 */
export function matchDomainResource(action: EngineAction): DomainResource | null {
  const schema = action.schema as (Record<string, unknown> & { title?: string }) | null;
  if (schema?.['x-mock-domain'] === false) return null;
  const explicit = schema?.['x-mock-collection'];
  if (typeof explicit === 'string') return DOMAIN_RESOURCES.find((r) => r.name === explicit) ?? null;
  const noun = collectionNoun(action);
  return DOMAIN_RESOURCES.find((r) => r.nouns.includes(noun))
    ?? (schema?.title ? DOMAIN_RESOURCES.find((r) => r.schemas.includes(schema.title!)) : undefined)
    ?? null;
}

/** The last literal segment of the action's collection path (a custom action's verb left out). */
function collectionNoun(action: EngineAction): string {
  const literals = action.op.path.split('/').filter((p) => p !== '' && !p.startsWith('{'));
  const trailing = !action.op.path.replace(/\/$/, '').endsWith('}');
  const verb = (action.kind === 'item_action' || action.kind === 'collection_action') && trailing;
  return (verb ? literals[literals.length - 2] : literals[literals.length - 1]) ?? '';
}

/** True when the engine answers the action with 405: a write the domain has no rule for. */
export function refusesWrite(resource: DomainResource, action: EngineAction): boolean {
  switch (action.kind) {
    case 'list':
    case 'retrieve': return false;
    case 'update':
    case 'partial_update': return !resource.writes.update;
    case 'destroy': return !resource.writes.destroy;
    case 'create': return true;
    default: return action.op.method !== 'GET';
  }
}

/**
 * Says in the served copy why a write to a domain-held resource answers 405 (the DRF status
 * itself is added to every engine operation by `prepareForEngine`, so the self-check holds).
 */
export function documentDomainWrites(actions: readonly EngineAction[]): void {
  for (const action of actions) {
    const held = matchDomainResource(action);
    const refused = held && refusesWrite(held, action) ? action.op.responses['405'] : undefined;
    if (refused) {
      // A copy: a document may share one response object between operations (a YAML alias).
      action.op.responses['405'] = { ...refused, description: `Method not allowed: the mock serves ${held!.name} from the domain's own objects, and the domain has no rule for this write. Added by omnitron-mock.` };
    }
  }
}
