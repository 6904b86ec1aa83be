import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { EventBus } from '../domain/events/event-bus.ts';
import type { Clock } from '../common/clock.ts';
import type { RandomIds } from '../common/random-ids.ts';
import type { RaceWindow } from '../journal/race-window.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { OperationGate } from './operation-gate.ts';

/** What every resource sub-app is built from. */
export interface RouteDeps {
  /** Picks the store a request works on (today: always the one shared store). */
  storeFor: StoreProvider;
  clock: Clock;
  config: Config;
  logger: Logger;
  gate: OperationGate;
  /** Where domain writes publish what happened (`cancellation_plan.created`, issue 5). */
  events: EventBus;
  /** Random identifiers of new objects (a request's `uuid`); seeded in tests and replays. */
  ids?: RandomIds;
  /** TEST-ONLY (issue 13): a pause between one handler's read and write; never set in production. */
  raceWindow?: RaceWindow;
}

export type StoreProvider = (c: Context) => Store;

/** A path id as DRF's router reads it: digits only; anything else is simply "Not found.". */
export function parseId(text: string): number | null {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}
