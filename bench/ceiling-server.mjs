// The ceiling: a bare Hono server, on the same @hono/node-server adapter as the mock, that answers
// one fixed JSON body held in memory — what a hand-written server with no auth, no store, no
// filters and no self-check would do. It serialises the object per request (`c.json`), as a
// hand-written handler returning an in-memory object does.
//
//   node bench/ceiling-server.mjs --port N --route detail|list --body FILE
//
// `detail` answers GET /api/v1/cancellation_plans/:id/, `list` GET /api/v1/cancellation_plans/;
// the body is what the mock answered for the same call (captured by bench/run.mjs), so the bytes
// on the wire are the same.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { values } = parseArgs({ options: { port: { type: 'string' }, route: { type: 'string' }, body: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } } });
const body = JSON.parse(readFileSync(values.body, 'utf8'));
const app = new Hono({ strict: true });
app.get('/__ready', (c) => c.text('ok'));
if (values.route === 'detail') app.get('/api/v1/cancellation_plans/:id/', (c) => c.json(body));
else if (values.route === 'list') app.get('/api/v1/cancellation_plans/', (c) => c.json(body));
else throw new Error(`--route must be detail or list, not ${values.route}`);

const server = serve({ fetch: app.fetch, hostname: values.host, port: Number(values.port) });
const close = () => server.close(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
