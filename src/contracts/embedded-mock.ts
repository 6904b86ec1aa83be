import { buildMock } from '../build-mock.ts';
import { testConfig, type Config } from '../config.ts';
import { silentLogger } from '../logger.ts';
import type { LoadedSpecs } from '../spec/load-specs.ts';
import type { ResponseChecker } from '../spec/response-checker.ts';
import type { RequestableApp } from './targets.ts';

/** The embedded mock's data: small, so a fresh copy per scenario stays cheap. */
export const EMBEDDED_SEED = 1;
export const EMBEDDED_SIZE = 50;

export interface EmbeddedMock {
  config: Config;
  /** A new app over its own view of the seeded state: one per scenario. */
  fresh(): RequestableApp;
}

/**
 * The mock the harness replays against in-process. It is seeded once (with the specs and
 * checker the harness already loaded) and each scenario gets an app over its own copy of that
 * store, so a write in one scenario never leaks into another and the run does not pay for a
 * seed per scenario. It uses the mock only through `buildMock` and its `fork()`. The apps carry no self-check: the harness checks every response itself.
 */
export async function createEmbeddedMock(options: {
  specs: LoadedSpecs;
  checker: ResponseChecker;
  seed?: number;
  size?: number;
}): Promise<EmbeddedMock> {
  const config = testConfig({ seed: options.seed ?? EMBEDDED_SEED, size: options.size ?? EMBEDDED_SIZE, logLevel: 'silent' });
  const template = await buildMock(config, { logger: silentLogger, specs: options.specs, checker: options.checker });
  return {
    config,
    fresh: () => template.fork(),
  };
}
