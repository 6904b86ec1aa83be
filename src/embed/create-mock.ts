import { buildMock, type Mock } from '../build-mock.ts';
import { checkDistinctTokens, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { SESSION_HEADER } from '../state/sessions.ts';
import {
  MockAdminError,
  type CreateMockOptions,
  type MockControls,
  type MockSession,
  type OmnitronMock,
  type PlanCreatedEvent,
} from './embed-types.ts';

/** A relative path is answered as if it came to this origin (only path and query count). */
const ORIGIN = 'http://localhost';

/**
 * The whole mock in this process: `fetch(request)` answers as `omnitron-mock serve` would, and
 * the admin API (`/__mock/`) is here as functions. Each call goes through the admin routes
 * themselves, so validation, sessions and answers are the server's, to the byte.
 *
 * @example
 * const mock = await createMock({ seed: 7, size: 20 });
 * const res = await mock.fetch('/api/v1/cancellation_plans/?status=waiting', {
 *   headers: { Authorization: 'Token omnitron-mock-token' },
 * });
 */
export async function createMock(
  options: CreateMockOptions = {},
  /** Internal: specs loaded elsewhere (the browser build compiles them in; there are no files). */
  prepared?: Pick<Parameters<typeof buildMock>[1], 'specs' | 'adminSpecs' | 'unrouted'>,
): Promise<OmnitronMock> {
  const defaults = loadConfig([], {});
  const config = {
    ...defaults,
    logLevel: options.logLevel ?? 'silent',
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.size !== undefined && { size: options.size }),
    ...(options.token !== undefined && { token: options.token }),
    ...(options.readonlyToken !== undefined && { readonlyToken: options.readonlyToken }),
    ...(options.strict !== undefined && { strict: options.strict }),
    ...(options.specs !== undefined && { specDir: options.specs }),
    ...(options.spec !== undefined && { spec: [...options.spec] }),
    ...(options.dataset !== undefined && { dataset: options.dataset }),
    // In a test runner or a page nothing else is listening: no quick-path subscription, no file.
    stateFile: null,
    webhookUrl: null,
  };
  // One key one role, as `serve` refuses (SECURITY.md): the options come after loadConfig's check.
  checkDistinctTokens(config);
  const mock = await buildMock(config, { logger: createLogger(config.logLevel), ...prepared });
  return embed(mock);
}

/** The public face of a built mock (the browser build wraps its own `buildMock` the same way). */
export function embed(mock: Pick<Mock, 'app' | 'events' | 'webhooks' | 'admin'>): OmnitronMock {
  const fetch = (input: Request | string | URL, init?: RequestInit, session?: string) => {
    const request =
      input instanceof Request && init === undefined
        ? input
        : new Request(
            typeof input === 'string' && input.startsWith('/') ? ORIGIN + input : input,
            init,
          );
    if (session === undefined) return Promise.resolve(mock.app.request(request));
    const headers = new Headers(request.headers);
    headers.set(SESSION_HEADER, session);
    return Promise.resolve(mock.app.request(new Request(request, { headers })));
  };
  const call = async (
    operation: string,
    method: string,
    path: string,
    session: string | undefined,
    body?: { json: unknown } | { ndjson: string },
  ) => {
    const headers: Record<string, string> = {};
    let text: string | undefined;
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      text = JSON.stringify(body.json);
    } else if (body) {
      headers['Content-Type'] = 'application/x-ndjson';
      text = body.ndjson;
    }
    const res = await fetch(
      path,
      { method, headers, ...(text !== undefined && { body: text }) },
      session,
    );
    const type = res.headers.get('content-type') ?? '';
    const answer =
      res.status === 204
        ? null
        : type.includes('json') && !type.includes('ndjson')
          ? await res.json()
          : await res.text();
    if (!res.ok) throw new MockAdminError(operation, res.status, answer);
    return answer as any;
  };
  const controls = (session?: string): MockControls => ({
    reset: () => call('resetMockState', 'POST', '/__mock/reset', session),
    faults: {
      add: (rule) => call('createMockFault', 'POST', '/__mock/faults', session, { json: rule }),
      list: async () => (await call('listMockFaults', 'GET', '/__mock/faults', session)).results,
      clear: () => call('clearMockFaults', 'DELETE', '/__mock/faults', session),
      remove: (id) =>
        call('deleteMockFault', 'DELETE', `/__mock/faults/${encodeURIComponent(id)}`, session),
    },
    fixtures: {
      create: (input) =>
        call('createMockFixture', 'POST', '/__mock/fixtures', session, { json: input }),
    },
    state: {
      export: () => call('exportMockState', 'GET', '/__mock/state', session),
      import: (ndjson) => call('importMockState', 'PUT', '/__mock/state', session, { ndjson }),
    },
  });
  const clockBody = (json: unknown) => ({ json });
  return {
    ...controls(),
    fetch: (input, init) => fetch(input, init),
    session(name): MockSession {
      return {
        name,
        ...controls(name),
        fetch: (input, init) => fetch(input, init, name),
        delete: () =>
          call(
            'deleteMockSession',
            'DELETE',
            `/__mock/sessions/${encodeURIComponent(name)}`,
            undefined,
          ),
      };
    },
    reseed: (seed, size) =>
      call('reseedMockState', 'POST', '/__mock/reseed', undefined, { json: { seed, size } }),
    clock: {
      get: () => call('getMockClock', 'GET', '/__mock/clock', undefined),
      set: (now) =>
        call(
          'setMockClock',
          'PUT',
          '/__mock/clock',
          undefined,
          clockBody({ now: now instanceof Date ? now.toISOString() : now }),
        ),
      advance: (by) =>
        call('setMockClock', 'PUT', '/__mock/clock', undefined, clockBody({ advance: by })),
      reset: () => call('resetMockClock', 'DELETE', '/__mock/clock', undefined),
    },
    on: (type, listener) =>
      mock.events.subscribe(type, (event) => listener(event as unknown as PlanCreatedEvent)),
    async close() {
      await mock.webhooks.close();
      await mock.admin.close();
    },
  };
}
