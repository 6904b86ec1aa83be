// CPU a body's float shadow costs (src/engine/json-floats.ts), old pattern beside new, in
// alternating rounds, with the load average (old: the first pattern; unrolled: the pattern the
// review proposed, dropped; scan: json-floats.ts now): `npx tsx bench/float-shadow-cpu.ts`. From the
// eighteenth session's review (rev-fix5a cpu.mjs). Since that session the shadow is built only
// when a uuid field met a number; a body whose uuids are text pays JSON.parse alone.
import { loadavg } from 'node:os';
import { floatShadow } from '../src/engine/json-floats.ts';

const OLD = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const NEW = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const shadow = (re: RegExp) => (text: string): unknown => JSON.parse(text.replace(re, (t) => (t.charCodeAt(0) !== 34 && /[.eE]/.test(t) ? '""' : t)));
const cpu = (f: () => unknown, reps: number): number => { f(); const t = process.cpuUsage(); for (let i = 0; i < reps; i++) f(); const d = process.cpuUsage(t); return (d.user + d.system) / reps; };
const LIMIT = 1024 * 1024 - 64;
const fill = (item: string): string => { let s = '{"name":"a","xs":['; while (s.length < LIMIT - 10) s += item; return s + '1]}'; };
const bodies = {
  'one 1 MiB string': JSON.stringify({ name: 'a', external_ref: 'x', note: 'a'.repeat(LIMIT - 60) }),
  '1 MiB, escapes': JSON.stringify({ name: 'a', note: 'a\\"b\n'.repeat(Math.floor((LIMIT - 60) / 7)) }),
  '1 MiB of floats': fill('1.5,'),
  '1 MiB of small ints': fill('1,'),
  'typical 300 B body': JSON.stringify({ name: 'abc', status: 'active', price: '1.00', external_ref: '9b2c0f1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f', lines: [{ sku: 'x', quantity: 2 }], labels: ['a', 'b'] }),
};
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [name, text] of Object.entries(bodies)) {
  const reps = text.length > 1000 ? 5 : 20000;
  const scan = floatShadow;
  if (JSON.stringify(shadow(OLD)(text)) !== JSON.stringify(scan(text))) throw new Error(`${name}: the patterns differ`);
  const t: Record<'parse' | 'old' | 'new' | 'scan', number[]> = { parse: [], old: [], new: [], scan: [] };
  for (let round = 0; round < 3; round += 1) {
    t.parse.push(cpu(() => JSON.parse(text), reps));
    t.old.push(cpu(() => shadow(OLD)(text), reps));
    t.new.push(cpu(() => shadow(NEW)(text), reps));
    t.scan.push(cpu(() => scan(text), reps));
  }
  const med = (xs: number[]): string => xs.sort((a, b) => a - b)[1]!.toFixed(1);
  console.log(`${name} (${text.length} B): JSON.parse ${med(t.parse)} µs; shadow old ${med(t.old)} µs → unrolled ${med(t.new)} µs, scan ${med(t.scan)} µs (CPU, median of 3 rounds)`);
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
