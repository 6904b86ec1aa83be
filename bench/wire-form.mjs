// Does the form of a body handed to node:http cost the server CPU on the wire path (issue 26,
// twelfth session, detail-hot)? `res.end(string)` is joined to the header text and written in one
// `write`; `res.end(Uint8Array)` leaves the header as a chunk of its own and the two go out in one
// corked `writev` (node's _http_outgoing.js `_send`). The mock answers kept JSON as bytes, bare
// Hono's ceiling as a string. Three plain node:http servers answer the same 0.5 KB JSON — as a
// string, as bytes, as bytes decoded to a string per request — and are measured in turns (50
// connections, server CPU per request from /proc, the load average printed). Never part of `npm test`.
//   node bench/wire-form.mjs [--rounds 5] [--seconds 3] [--bytes 500]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSecondsOf, hit, median } from './lib/load.mjs';
import { freePort } from './lib/servers.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '3' }, bytes: { type: 'string', default: '500' }, serve: { type: 'string' }, port: { type: 'string' } } });
const text = JSON.stringify({ id: 1, pad: 'x'.repeat(Math.max(0, Number(values.bytes) - 20)) });

if (values.serve) {
  // The server side: one form, on the port given.
  const { createServer } = await import('node:http');
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const form = values.serve;
  createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.byteLength });
    if (form === 'string') res.end(text);
    else if (form === 'decoded') res.end(decoder.decode(bytes));
    else res.end(bytes);
  }).listen(Number(values.port), '127.0.0.1', () => console.log('ready'));
} else {
  const forms = ['string', 'bytes', 'decoded'];
  const self = fileURLToPath(import.meta.url);
  const servers = [];
  for (const form of forms) {
    const port = await freePort();
    const child = spawn(process.execPath, [self, '--serve', form, '--port', String(port), '--bytes', values.bytes], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((ready) => child.stdout.once('data', ready));
    servers.push({ form, child, url: `http://127.0.0.1:${port}`, cpu: [] });
  }
  const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
  try {
    for (const s of servers) await hit({ url: s.url, connections: 50, duration: 2 });
    for (let round = 0; round < Number(values.rounds); round += 1) {
      for (let k = 0; k < servers.length; k += 1) {
        const s = servers[(k + round) % servers.length];
        const cpu0 = cpuSecondsOf(s.child.pid);
        const r = await hit({ url: s.url, connections: 50, duration: Number(values.seconds) });
        s.cpu.push(((cpuSecondsOf(s.child.pid) - cpu0) * 1e6) / r.total);
      }
      console.log(`round ${round + 1}: ${servers.map((s) => `${s.form} ${s.cpu.at(-1).toFixed(1)} µs`).join('  ')}  load ${load()}`);
    }
    const base = median(servers[0].cpu);
    for (const s of servers) console.log(`${s.form.padEnd(8)} median ${median(s.cpu).toFixed(1)} µs CPU/request, ÷ string ${(median(s.cpu) / base).toFixed(2)}  load ${load()}`);
  } finally {
    for (const s of servers) s.child.kill();
  }
}
