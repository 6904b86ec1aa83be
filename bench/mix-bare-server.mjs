// A bare server for bench/mix-bare.mjs: answers every GET with one fixed ~5 KB JSON body and every
// other method 404 before its body is read — the shape of the mixed hot rows' reads and of a
// PATCH of an id that does not exist, with no mock code at all. Never part of `npm test`.
//   node bench/mix-bare-server.mjs --port N --kind node|hono
// `node`: plain node:http (writeHead + end of a Buffer); `hono`: bare Hono on @hono/node-server,
// the adapter the mock serves on (`c.body(string)`).
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { values } = parseArgs({ options: { port: { type: 'string' }, kind: { type: 'string' } } });
const text = JSON.stringify({
  count: 10,
  next: null,
  previous: null,
  results: Array.from({ length: 10 }, (_, i) => ({ id: i, description: 'x'.repeat(400) })),
});
const buf = Buffer.from(text);
const missing = Buffer.from('{"detail":"Not found.","code":"not_found"}');
let server;
if (values.kind === 'node') {
  server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': buf.length });
      res.end(buf);
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': missing.length });
      res.end(missing);
    }
  }).listen(Number(values.port), '127.0.0.1');
} else if (values.kind === 'hono') {
  const app = new Hono();
  app.get('*', (c) => c.body(text, 200, { 'Content-Type': 'application/json' }));
  app.all('*', (c) => c.json({ detail: 'Not found.', code: 'not_found' }, 404));
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(values.port) });
} else throw new Error(`--kind must be node or hono, not ${values.kind}`);
const close = () => server.close(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
