// The filter parse's value readers before/after (eleventh session, pyreaders helper): CPU µs per
// `parseQuery` call (the work of a parse-cache miss, issue 26) over the hot request row's shape
// (`status` + `cancellation_type` + `created_date__lte`), integer filters (`pk`, `pk__in`,
// `pk__gte`) and text filters (`iban`, `order_number`), each query a distinct string, on a
// filter set of the request list's shapes (no store: parsing reads none). One checkout a process,
// in turns (two in one process favour the first loaded: bench/findings.md, ninth session), the
// load average beside each figure.
//   node --import tsx bench/filter-value-parse.ts /path/before,/path/after [--rounds 4] [--calls 200000]
//   (a child run: node --import tsx bench/filter-value-parse.ts --child /path [--calls N])
import './lib/under-start-flags.mjs';
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' }, calls: { type: 'string' }, child: { type: 'string' } } });
const CALLS = Number(values.calls ?? 200_000);
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

const SHAPES = [
  { name: 'pk', kind: 'int', lookups: ['in', 'gt', 'gte', 'lt', 'lte'] },
  { name: 'status', kind: 'choice', choices: ['waiting', 'approved', 'rejected', 'completed'] },
  { name: 'cancellation_type', kind: 'choice', choices: ['cancel', 'refund'] },
  { name: 'created_date', kind: 'datetime', lookups: ['gt', 'gte', 'lt', 'lte', 'date'] },
  { name: 'order_number', kind: 'itext' },
  { name: 'iban', kind: 'text' },
  { name: 'channel', kind: 'int' },
].map((s) => ({ ...s, value: () => null }));

const KINDS = {
  'hot row (choice, choice, date)': (i: number) => `status=waiting&cancellation_type=refund&created_date__lte=2025-0${1 + (i % 9)}-1${i % 10}T10:00:00.${String(100000 + i).slice(-6)}Z`,
  'integers (pk, pk__in, pk__gte)': (i: number) => `pk=${i}&pk__in=${i},${i + 1},${i + 2}&pk__gte=${i % 1000}&channel=${i % 7}`,
  'text (iban, order_number)': (i: number) => `iban=TR33000610051978645784${1000 + (i % 9000)}&order_number=${3130735500215003 + i}`,
} as const;

async function child(root: string): Promise<void> {
  const fp = await import(`${root}/src/domain/shared/filter-parse.ts`);
  const names = fp.filterNamesOf(SHAPES);
  const reserved = new Set(['limit', 'page']);
  const out: Record<string, number> = {};
  for (const [kind, query] of Object.entries(KINDS)) {
    const queries = Array.from({ length: 2000 }, (_, i) => fp.lastValuesOf(new URLSearchParams(query(i))));
    let sink = 0;
    for (let i = 0; i < 20_000; i += 1) sink += fp.parseQuery(names, queries[i % 2000], reserved).length; // warm
    const t0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i += 1) sink += fp.parseQuery(names, queries[i % 2000], reserved).length;
    const t = process.cpuUsage(t0);
    if (sink === 0) throw new Error('nothing parsed');
    out[kind] = (t.user + t.system) / CALLS;
  }
  console.log(JSON.stringify(out));
}

if (values.child) await child(resolve(values.child));
else {
  const roots = (positionals[0] ?? '.').split(',').map((r) => resolve(r));
  const ROUNDS = Number(values.rounds ?? 4);
  const self = fileURLToPath(import.meta.url);
  const figures = new Map<string, Record<string, number[]>>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const root of round % 2 === 0 ? roots : [...roots].reverse()) {
      const text = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', root, '--calls', String(CALLS)], { encoding: 'utf8' });
      const got = JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, number>;
      const mine = figures.get(root) ?? {};
      for (const [k, v] of Object.entries(got)) (mine[k] ??= []).push(v);
      figures.set(root, mine);
      console.log(`round ${round + 1} ${root}: ${Object.entries(got).map(([k, v]) => `${k} ${v.toFixed(2)} µs`).join('; ')}  (load ${load()})`);
    }
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const kind of Object.keys(KINDS)) {
    const meds = roots.map((r) => median(figures.get(r)![kind]!));
    console.log(`${kind}: ${roots.map((r, i) => `${r.split('/').pop()} ${meds[i]!.toFixed(2)} µs`).join(', ')}; ratio ${(meds.at(-1)! / meds[0]!).toFixed(2)}  (load ${load()})`);
  }
}
