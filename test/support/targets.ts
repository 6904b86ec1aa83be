import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { omnitronHandlers } from '../../src/embed/msw.ts';
import { createTestMock, type TestMock } from './test-mock.ts';

/** One way to reach a mock: the same cases run through each (h3's `describeMatrix`). */
export interface Target {
  /** A request to the mock; fails the test if the answer broke the served spec. */
  request(path: string, init?: RequestInit): Promise<Response>;
  mock: TestMock;
}

type Start = (mock: TestMock) => Promise<{ origin: string; stop(): Promise<void> | void }>;

/** `app.request()`, a real listening server, and MSW's `setupServer` with `omnitronHandlers`. */
const TARGETS: Record<string, Start | null> = {
  'app.request()': null,
  'a listening server': async (mock) => {
    const server = serve({ fetch: mock.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return { origin: `http://127.0.0.1:${port}`, stop: () => void server.close() };
  },
  "MSW's setupServer": async (mock) => {
    const origin = 'https://omnitron.matrix.test';
    const msw = setupServer(
      ...omnitronHandlers(
        { fetch: async (r) => mock.app.request(r as Request) },
        { baseUrl: origin },
      ),
    );
    msw.listen({ onUnhandledRequest: 'error' });
    return { origin, stop: () => msw.close() };
  },
};

/** Runs `cases` once per target, each against its own fresh mock of the same seed. */
export function describeTargets(title: string, cases: (target: () => Target) => void): void {
  for (const [name, start] of Object.entries(TARGETS)) {
    describe(`${title} — through ${name}`, () => {
      let target: Target;
      let stop: () => Promise<void> | void = () => {};
      beforeAll(async () => {
        const mock = await createTestMock({ size: 40 });
        if (start === null) {
          target = { mock, request: mock.request };
          return;
        }
        const started = await start(mock);
        stop = started.stop;
        target = {
          mock,
          async request(path, init) {
            const res = await fetch(started.origin + path, init);
            expect(
              mock.violations,
              `${init?.method ?? 'GET'} ${path} failed the self-check`,
            ).toEqual([]);
            return res;
          },
        };
      });
      afterAll(() => stop());
      cases(() => target);
    });
  }
}
