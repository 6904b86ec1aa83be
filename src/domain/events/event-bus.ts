import { randomBytes } from 'node:crypto';

/**
 * The mock's internal event bus: domain writes publish what happened (today one event,
 * `cancellation_plan.created`), and whoever cares subscribes — webhook delivery (issue 9), tests.
 * Publishing knows nothing of HTTP, so a write never waits on a receiver and the domain stays
 * framework-free. Delivery is synchronous and in order; a subscriber that throws does not stop
 * the others, nor the write that published (its error goes to `onError`).
 */

/** Event types the mock publishes (Omnitron's webhook library names them `<model>.<verb>`). */
export const EVENT_TYPES = ['cancellation_plan.created'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * An event exactly as Omnitron's webhook library sends it (DOMAIN.md §5, seed 003):
 * `{"event": {"type", "uuid": <32 hex>}, "payload": <the object as retrieve answers it>}`. The
 * `uuid` is fixed when the event is made, so every delivery attempt can reuse it.
 */
export interface OmnitronEvent<P = Record<string, unknown>> {
  event: { type: EventType; uuid: string };
  payload: P;
}

export type EventListener = (event: OmnitronEvent) => void;

export interface EventBus {
  /** Hands the event to every listener of its type, in subscription order. */
  publish(event: OmnitronEvent): void;
  /**
   * Listens to one event type; answers the function that stops listening.
   * @example const stop = bus.subscribe('cancellation_plan.created', (e) => seen.push(e))
   */
  subscribe(type: EventType, listener: EventListener): () => void;
}

/** A fresh event uuid: 32 lower-case hex digits, no hyphens (seed 003's form). */
export function newEventUuid(): string {
  return randomBytes(16).toString('hex');
}

/** Builds an event body with a fresh uuid. */
export function makeEvent<P>(
  type: EventType,
  payload: P,
  uuid: string = newEventUuid(),
): OmnitronEvent<P> {
  return { event: { type, uuid }, payload };
}

/**
 * A bus with no listeners. Each listener gets its own deep copy of the event, so one receiver
 * can never change what the next one (or the store) sees.
 */
export function createEventBus(
  options: { onError?: (error: unknown, event: OmnitronEvent) => void } = {},
): EventBus {
  const listeners = new Map<EventType, EventListener[]>();
  return {
    publish(event) {
      for (const listener of listeners.get(event.event.type) ?? []) {
        try {
          listener(structuredClone(event));
        } catch (error) {
          options.onError?.(error, event);
        }
      }
    },
    subscribe(type, listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
      return () => {
        listeners.set(
          type,
          (listeners.get(type) ?? []).filter((l) => l !== listener),
        );
      };
    },
  };
}
