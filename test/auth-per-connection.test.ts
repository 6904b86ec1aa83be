import { Agent, request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { serveApp } from '../src/http/serve-app.ts';
import { sameText } from '../src/http/tokens.ts';
import { silentLogger } from '../src/logger.ts';
import { listeningPort } from './support/listening.ts';
import { READONLY_TOKEN, sharedSpecs, TOKEN } from './support/test-mock.ts';

/**
 * Issue 26 (thirteenth session): the token table remembers, per connection, the key presented last
 * and what it resolved to (tokens.ts). Every request on one keep-alive connection must still be
 * answered as if the key were looked up afresh: another key — by a byte, a character more or
 * less, a role — is refused or allowed on its own, and a table built anew (as a spec reload
 * builds a new app) does not answer from what an earlier table remembered.
 */
const REQUESTS = '/api/v1/cancellation_requests/';
const OTHER_TOKEN = 'another-token-of-another-app';
let port: number;
let server: Server;
let first: Awaited<ReturnType<typeof buildMock>>;
let second: Awaited<ReturnType<typeof buildMock>>;
/** Which mock the server's one listener hands requests to: switched between requests. */
let serving: 'first' | 'second' = 'first';
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  const { specs, checker } = await sharedSpecs();
  first = await buildMock(testConfig({ token: TOKEN, readonlyToken: READONLY_TOKEN, size: 10 }), { logger: silentLogger, specs, checker });
  second = await buildMock(testConfig({ token: OTHER_TOKEN, size: 10 }), { logger: silentLogger, specs, checker });
  server = serveApp({ fetch: (req, env) => (serving === 'first' ? first : second).app.fetch(req, env), hostname: '127.0.0.1', port: 0 });
  port = await listeningPort(server);
}, 60_000);
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer { status: number; body: any; socket: unknown }

function send(method: string, path: string, authorization: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Authorization: authorization, ...(text !== undefined && { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }) };
    const req = request({ host: '127.0.0.1', port, agent, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, body: raw === '' ? null : JSON.parse(raw), socket: req.socket });
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}

const INVALID = { detail: 'Invalid token.', code: 'authentication_failed' };

describe('a token on a keep-alive connection', () => {
  it('refuses every other key on the connection that presented a valid one, and takes the valid one back', async () => {
    serving = 'first';
    const ok = await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`);
    expect(ok.status).toBe(200);
    const near = [
      `${TOKEN.slice(0, -1)}${String.fromCharCode(TOKEN.charCodeAt(TOKEN.length - 1) + 1)}`, // the last byte
      `${String.fromCharCode(TOKEN.charCodeAt(0) + 1)}${TOKEN.slice(1)}`, // the first byte
      TOKEN.slice(0, -1), // a prefix
      `${TOKEN}x`, // one more
      TOKEN.toUpperCase(),
    ];
    for (const key of near) {
      // Twice in a row: the second is answered from what the connection presented last.
      for (let i = 0; i < 2; i += 1) {
        const refused = await send('GET', `${REQUESTS}?limit=1`, `Token ${key}`);
        expect([key, refused.status, refused.body]).toEqual([key, 401, INVALID]);
        expect(refused.socket).toBe(ok.socket);
      }
      const again = await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`);
      expect([key, again.status, again.socket]).toEqual([key, 200, ok.socket]);
    }
  });

  it('allows the valid key after a refused one on the same connection, and refuses the refused one again', async () => {
    serving = 'first';
    const refused = await send('GET', `${REQUESTS}?limit=1`, 'Token not-the-token');
    expect([refused.status, refused.body]).toEqual([401, INVALID]);
    const ok = await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`);
    expect([ok.status, ok.socket]).toEqual([200, refused.socket]);
    const again = await send('GET', `${REQUESTS}?limit=1`, 'Token not-the-token');
    expect([again.status, again.body, again.socket]).toEqual([401, INVALID, refused.socket]);
  });

  it('gives each key its own role when the full and the read-only key take turns on one connection', async () => {
    serving = 'first';
    const id = (await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`)).body.results[0].id as number;
    const patch = (key: string) => send('PATCH', `${REQUESTS}${id}/`, `Token ${key}`, { description: `by ${key}` });
    const denied = await patch(READONLY_TOKEN);
    expect([denied.status, denied.body.code]).toEqual([403, 'permission_denied']);
    const written = await patch(TOKEN);
    expect([written.status, written.body.description, written.socket]).toEqual([200, `by ${TOKEN}`, denied.socket]);
    for (let i = 0; i < 2; i += 1) {
      const deniedAgain = await patch(READONLY_TOKEN);
      expect([deniedAgain.status, deniedAgain.socket]).toEqual([403, denied.socket]);
    }
    // The refused write changed nothing.
    expect((await send('GET', `${REQUESTS}${id}/`, `Token ${READONLY_TOKEN}`)).body.description).toBe(`by ${TOKEN}`);
  });

  it('does not answer a new token table from what another table remembered for the connection', async () => {
    serving = 'first';
    const ok = await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`);
    expect(ok.status).toBe(200);
    // The same connection now reaches another app, whose table holds another key.
    serving = 'second';
    const stale = await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`);
    expect([stale.status, stale.body, stale.socket]).toEqual([401, INVALID, ok.socket]);
    const other = await send('GET', `${REQUESTS}?limit=1`, `Token ${OTHER_TOKEN}`);
    expect([other.status, other.socket]).toEqual([200, ok.socket]);
    // …and back: the first table refuses the second's key although it was presented last.
    serving = 'first';
    const back = await send('GET', `${REQUESTS}?limit=1`, `Token ${OTHER_TOKEN}`);
    expect([back.status, back.body, back.socket]).toEqual([401, INVALID, ok.socket]);
    expect((await send('GET', `${REQUESTS}?limit=1`, `Token ${TOKEN}`)).status).toBe(200);
  });
});

describe('comparing a key with the one a connection presented last', () => {
  it('is true for the same text only', () => {
    const kept = 'omnitron-mock-token';
    expect(sameText(kept, `${'omnitron-mock-token'}`)).toBe(true);
    expect(sameText('', '')).toBe(true);
    for (let i = 0; i < kept.length; i += 1) {
      const changed = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) ^ 1) + kept.slice(i + 1);
      expect([i, sameText(changed, kept)]).toEqual([i, false]);
    }
    expect(sameText(kept.slice(0, -1), kept)).toBe(false);
    expect(sameText(`${kept}n`, kept)).toBe(false);
    expect(sameText('', kept)).toBe(false);
    expect(sameText(kept, '')).toBe(false);
    // The same characters at another length: a repetition is not the text.
    expect(sameText(kept + kept, kept)).toBe(false);
  });
});
