import { fail, FIELD_MESSAGES, ok, type Result } from '../domain/errors.ts';
import { createEventBus, type EventBus } from '../domain/events/event-bus.ts';
import { createRequest } from '../domain/requests/create-request.ts';
import { updateRequest } from '../domain/requests/update-request.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { makeTurkishIban } from '../domain/shared/iban.ts';
import type { Store } from '../store/store.ts';
import { REQUEST_STATUSES, type CancellationType, type RequestStatus } from '../store/types.ts';
import { createOrderFixture, readOrderFixture } from './fixture-order.ts';
import { walkPlan } from './fixture-plan.ts';
import { overlayOf } from './store-views.ts';

/**
 * Request fixtures (`POST /__mock/fixtures {"kind":"request"}`): a cancellation request made by
 * `createRequest` — the rule `POST /api/v1/cancellation_requests/` uses — then moved to the
 * wanted status the way the API moves it: `updateRequest` for confirmed, rejected and approved
 * (approval makes the plan and publishes its event), and the plan's own completion for
 * completed. Without `order_item`, a new order with one item is made first.
 *
 * The whole fixture is first run on a copy-on-write view of the store: a body the domain refuses
 * answers its 400 and leaves no stray order behind.
 */
export interface RequestFixture {
  request: number;
  order: number;
  orderItem: number;
  plan: number | null;
  /** The statuses the request moved through after `waiting`. */
  path: RequestStatus[];
}

/** A valid Turkish IBAN for refunds paid to a bank account when the caller gives none. */
const FIXTURE_IBAN = makeTurkishIban('0006100519786457841326');
/** The create body's fields a caller may give; everything else in the fixture body is ignored. */
const REQUEST_FIELDS = [
  'order_item',
  'reason',
  'cancellation_type',
  'quantity',
  'description',
  'iban',
  'holder_name',
  'fully_refund_as_loyalty_money',
];

export function createRequestFixture(
  store: Store,
  clock: Clock,
  body: Record<string, unknown>,
  userPk: number,
  events: EventBus,
): Result<RequestFixture> {
  const status = body.status ?? 'waiting';
  if (typeof status !== 'string' || !(REQUEST_STATUSES as readonly string[]).includes(status)) {
    return fail({ kind: 'field', errors: { status: [FIELD_MESSAGES.invalidChoice(status)] } });
  }
  const trial = make(
    overlayOf(store),
    clock,
    body,
    status as RequestStatus,
    userPk,
    createEventBus(),
  );
  if (!trial.ok) return trial;
  return make(store, clock, body, status as RequestStatus, userPk, events);
}

function make(
  store: Store,
  clock: Clock,
  body: Record<string, unknown>,
  status: RequestStatus,
  userPk: number,
  events: EventBus,
): Result<RequestFixture> {
  const given = Object.fromEntries(
    Object.entries(body).filter(([k]) => REQUEST_FIELDS.includes(k)),
  );
  const known =
    typeof given.order_item === 'number' ? store.orderItems.get(given.order_item) : undefined;
  const type: CancellationType =
    given.cancellation_type === 'refund' || given.cancellation_type === 'cancel'
      ? given.cancellation_type
      : known?.status === '550'
        ? 'refund'
        : 'cancel';
  let itemPk = given.order_item;
  if (itemPk === undefined) {
    const code = type === 'refund' ? '550' : '400';
    const orderBody = {
      customer: body.customer,
      shipping_amount: body.shipping_amount,
      items: 1,
      status: code,
    };
    const read = readOrderFixture(
      store,
      Object.fromEntries(Object.entries(orderBody).filter(([, v]) => v !== undefined)),
      code,
    );
    if ('errors' in read) return fail({ kind: 'field', errors: read.errors });
    itemPk = createOrderFixture(store, clock, read.input).items[0]!.pk;
  }
  const item = typeof itemPk === 'number' ? store.orderItems.get(itemPk) : undefined;
  const reason =
    given.reason ??
    [...store.reasons.values()].find((r) => r.is_active && r.cancellation_type === type)?.pk;
  const toBank = type === 'refund' && given.fully_refund_as_loyalty_money !== true;
  const customer = item ? store.customers.get(store.orders.get(item.order)!.customer) : undefined;
  const created = createRequest(store, {
    clock,
    body: {
      cancellation_type: type,
      ...(reason !== undefined && { reason }),
      ...(toBank && {
        iban: FIXTURE_IBAN,
        holder_name: customer ? `${customer.first_name} ${customer.last_name}` : 'Fixture Holder',
      }),
      ...given,
      order_item: itemPk,
    },
  });
  if (!created.ok) return created;
  const request = created.value;
  const path: RequestStatus[] = [];
  const move = (to: RequestStatus): Result<unknown> => {
    path.push(to);
    return updateRequest(store, {
      id: request.id,
      body: { status: to },
      partial: true,
      userPk,
      clock,
      events,
    });
  };
  if (status !== 'waiting') {
    const moved = move(status === 'completed' ? 'approved' : status);
    if (!moved.ok) return moved as Result<never>;
  }
  let plan = store.requests.get(request.id)!.cancellation_plan;
  if (status === 'completed' && plan !== null) {
    walkPlan(store, plan, 'completed', userPk, clock);
    path.push('completed');
  }
  plan = store.requests.get(request.id)!.cancellation_plan;
  return ok({
    request: request.id,
    order: store.orderItems.get(request.order_item)!.order,
    orderItem: request.order_item,
    plan,
    path,
  });
}
