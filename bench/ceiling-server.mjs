// The ceilings: servers that answer bytes held in memory — what a hand-written server with no
// auth, no store, no filters and no self-check would do. Two modes:
//
//   node bench/ceiling-server.mjs --port N --route detail|list --body FILE
//     bare Hono, one fixed JSON body, serialised per request (`c.json`), as a hand-written
//     handler returning an in-memory object does. `detail` answers GET
//     /api/v1/cancellation_plans/:id/, `list` GET /api/v1/cancellation_plans/.
//
//   node bench/ceiling-server.mjs --port N --kind hono|node --bodies FILE
//     the hot rows of issue 26: FILE is `{"get": {path+query: text}, "write": {"METHOD /path/{id}/…": text}}`,
//     the very bytes the mock answered for each path (captured by bench/lib/hot-rows.mjs). A GET
//     answers its path's text; a write reads its body and answers the text captured for its kind
//     (ids in the path read as `{id}`). `hono`: bare Hono on the same adapter as the mock,
//     `c.body(string)`; `node`: plain `node:http`, the bytes as a Buffer.
//
// Both answer GET /__ready.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { values } = parseArgs({
  options: {
    port: { type: 'string' }, route: { type: 'string' }, body: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' },
    kind: { type: 'string' }, bodies: { type: 'string' },
  },
});
const port = Number(values.port);
const writeKey = (method, path) => `${method} ${path.replace(/\/\d+\//g, '/{id}/')}`;

let server;
if (values.bodies) {
  const { get, write } = JSON.parse(readFileSync(values.bodies, 'utf8'));
  if (values.kind === 'node') server = nodeCeiling(get, write);
  else if (values.kind === 'hono') server = honoCeiling(get, write);
  else throw new Error(`--kind must be hono or node, not ${values.kind}`);
} else {
  const body = JSON.parse(readFileSync(values.body, 'utf8'));
  const app = new Hono({ strict: true });
  app.get('/__ready', (c) => c.text('ok'));
  if (values.route === 'detail') app.get('/api/v1/cancellation_plans/:id/', (c) => c.json(body));
  else if (values.route === 'list') app.get('/api/v1/cancellation_plans/', (c) => c.json(body));
  else throw new Error(`--route must be detail or list, not ${values.route}`);
  server = serve({ fetch: app.fetch, hostname: values.host, port });
}

function honoCeiling(get, write) {
  const texts = new Map(Object.entries(get));
  const writes = new Map(Object.entries(write));
  const app = new Hono({ strict: true });
  const pathOf = (url) => url.slice(url.indexOf('/', 8));
  app.get('/__ready', (c) => c.text('ok'));
  app.get('*', (c) => {
    const text = texts.get(pathOf(c.req.url));
    return text === undefined ? c.notFound() : c.body(text, 200, { 'Content-Type': 'application/json' });
  });
  app.on(['POST', 'PUT', 'PATCH'], '*', async (c) => {
    await c.req.arrayBuffer();
    const text = writes.get(writeKey(c.req.method, c.req.path));
    return text === undefined ? c.notFound() : c.body(text, 200, { 'Content-Type': 'application/json' });
  });
  return serve({ fetch: app.fetch, hostname: values.host, port });
}

function nodeCeiling(get, write) {
  const buffers = new Map(Object.entries(get).map(([k, v]) => [k, Buffer.from(v)]));
  const writes = new Map(Object.entries(write).map(([k, v]) => [k, Buffer.from(v)]));
  const answer = (res, buf) => {
    if (buf === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': buf.length });
    res.end(buf);
  };
  const srv = createServer((req, res) => {
    if (req.method === 'GET') {
      if (req.url === '/__ready') res.end('ok');
      else answer(res, buffers.get(req.url));
      return;
    }
    req.resume();
    req.on('end', () => answer(res, writes.get(writeKey(req.method, req.url))));
  });
  srv.keepAliveTimeout = 65_000;
  return srv.listen(port, values.host);
}

const close = () => server.close(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
