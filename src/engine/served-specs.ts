import { prepareForEngine, type LoadedSpecs } from '../spec/load-specs.ts';
import { DOMAIN_OPERATIONS } from '../spec/domain-operations.ts';
import { documentWriteBudget } from './budget-statuses.ts';
import { documentDomainWrites } from './domain-resources.ts';
import { planEngine, type EngineAction } from './resource-plan.ts';

/**
 * Makes loaded documents the copy the mock serves, in place: the engine's corrections and DRF
 * error statuses (`prepareForEngine`), then what the engine's plan says its handlers answer — a
 * domain-held write's 405 reason, the write budget's 507 where a handler spends it (ADR 0022).
 * Every caller that serves, checks or types the documents (buildMock at start and reload, the
 * contract harness, `--watch`, generate-types) runs this one function before it builds a response
 * checker, so none of them judges a 507 "not documented". Answers the plan it made.
 */
export function prepareServedSpecs(specs: LoadedSpecs, domain: ReadonlySet<string> = DOMAIN_OPERATIONS): { specs: LoadedSpecs; engine: EngineAction[] } {
  prepareForEngine(specs, domain);
  return { specs, engine: planServedEngine(specs, domain) };
}

/**
 * The second half of `prepareServedSpecs`, for documents a caller has already prepared (or only
 * run `prepareForEngine` on, as an embedding written before this function may): plans the engine
 * and documents what its handlers answer. Idempotent — a status the copy lists is kept — so
 * `buildMock` and `createApp` run it on whatever documents they are handed.
 */
export function planServedEngine(specs: LoadedSpecs, domain: ReadonlySet<string> = DOMAIN_OPERATIONS): EngineAction[] {
  const engine = planEngine(specs, domain);
  documentDomainWrites(engine);
  documentWriteBudget(engine);
  return engine;
}
