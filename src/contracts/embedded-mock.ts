import { buildMock } from '../build-mock.ts';
import { testConfig, type Config } from '../config.ts';
import { silentLogger } from '../logger.ts';
import type { LoadedSpecs } from '../spec/load-specs.ts';
import type { ResponseChecker } from '../spec/response-checker.ts';
import type { RequestableApp } from './targets.ts';

/** The embedded mock's data: small, so a fresh copy per scenario stays cheap. */
export const EMBEDDED_SEED = 1;
export const EMBEDDED_SIZE = 50;

/** The mock's documented session header: each name gets its own copy of the seeded state. */
const SESSION_HEADER = 'X-Mock-Session';

export interface EmbeddedMock {
  config: Config;
  /** The mock under a new session, so a new copy of the seeded state: one per scenario. */
  fresh(): RequestableApp;
}

/**
 * The mock the harness replays against in-process, through `buildMock` alone: seeded once (with
 * the specs and checker the harness already loaded), and each scenario sends its requests under
 * a session of its own (`X-Mock-Session`, a copy-on-write view of the seed), so a write in one
 * scenario never leaks into another and the run does not pay for a seed per scenario. The mock
 * runs without the self-check: the harness checks every response itself. A session the mock
 * evicts (least recently used first) is one whose scenario has finished.
 */
export async function createEmbeddedMock(options: {
  specs: LoadedSpecs;
  checker: ResponseChecker;
  seed?: number;
  size?: number;
}): Promise<EmbeddedMock> {
  const config = testConfig({ seed: options.seed ?? EMBEDDED_SEED, size: options.size ?? EMBEDDED_SIZE, logLevel: 'silent' });
  const mock = await buildMock(config, { logger: silentLogger, specs: options.specs, checker: options.checker });
  let opened = 0;
  return {
    config,
    fresh() {
      const session = `contract-${(opened += 1)}`;
      return {
        request(path: string, init: RequestInit = {}) {
          const headers = new Headers(init.headers);
          headers.set(SESSION_HEADER, session);
          return mock.app.request(path, { ...init, headers });
        },
      };
    },
  };
}
