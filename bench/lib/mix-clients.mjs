import { join } from 'node:path';
import { AUTH } from './calls.mjs';

const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };

/**
 * The mix benches' clients (mix-bare, mix-instructions, mix-ic-log): GETs cycling through
 * `paths` with one cursor for all connections, and a "tenth" PATCH of `{ [field]: "bench note N" }`
 * to `tenthPath(n)` (an id that answers 404 before its body is read, or a real one). `mode`:
 * `reads` (GETs alone), `only` (the PATCH alone), anything else nine GETs then the PATCH, each
 * connection starting at another place in the ten so the writes spread over time.
 * Returns autocannon's `setupClient`.
 */
export function mixClients({ paths, tenthPath, field = 'description', mode }) {
  let cursor = 0;
  let n = 0;
  let made = 0;
  const read = { method: 'GET', headers: AUTH, setupRequest: (req) => ({ ...req, path: paths[cursor++ % paths.length] }) };
  const tenth = {
    method: 'PATCH',
    headers: JSON_HEADERS,
    setupRequest: (req) => ({ ...req, path: tenthPath(n++), body: JSON.stringify({ [field]: `bench note ${n}` }) }),
  };
  return (client) => {
    if (mode === 'reads') return client.setRequests([{ ...read }]);
    if (mode === 'only') return client.setRequests([{ ...tenth }]);
    const list = [...Array.from({ length: 9 }, () => ({ ...read })), { ...tenth }];
    const offset = made++ % list.length;
    client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
  };
}

/** A request id no store holds (the tenth PATCH answers 404 before its body is read), 1,000 of them in turn. */
export const missingId = (base) => (n) => `${base}${900000 + (n % 1000)}/`;

/** A mix bench's mock: `serve` from `root` on loopback at `port`, 1,000 plans, seed 1 (node flags go before). */
export function mockServeArgs(root, port) {
  return [join(root, 'bin/omnitron-mock.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--size', '1000', '--seed', '1'];
}
