// What joining a ten-item page costs in `Utf8Writer` alone (issue 26, fifteenth session): the
// engine list's join — a head, ten kept rows of ~420 bytes with commas, `]}` — written by each
// checkout's own `src/common/utf8-writer.ts`, side by side in one process, rounds alternating.
// Load-independent enough to show tens of nanoseconds a page: no socket, no app. Never in `npm test`.
//   node --import tsx bench/page-join-cost.ts /path/before,/path/after [pages a round, default 200000] [rounds, default 8]
// COLD=1: the rows are 20,000 (8 MB of them) and a page's rows are far apart, so most of its
// reads miss the caches, as over a socket; default: 1,000 rows, as the hot row's collection.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

const roots = process.argv[2]!.split(',').map((r) => resolve(r));
const PAGES = Number(process.argv[3] ?? 200_000);
const ROUNDS = Number(process.argv[4] ?? 8);
const ROWS = process.env.COLD ? 20_000 : 1_000;
const utf8 = new TextEncoder();
const rows = Array.from({ length: ROWS }, (_, i) =>
  utf8.encode(
    JSON.stringify({
      pk: i + 1,
      uuid: `fad0cc17-559f-4ae0-8a0f-${String(i).padStart(12, '0')}`,
      name: `Lisanslı Beton Şapka ${i}`,
      status: 'draft',
      priority: i % 10,
      order: 100,
      channel: i % 7,
      note: 'Consequuntur nisi officiis perspiciatis quod, eligendi nisi accusamus alias culpa.',
      price: '538.15',
      is_visible: false,
      released_at: '2025-05-24T07:40:31.000Z',
      contact: 'tanju.aksungur33@hotmail.com',
      created_date: '2025-03-10T05:03:25.000Z',
      modified_date: '2025-04-20T05:43:24.000Z',
    }),
  ),
);
const head = utf8.encode('{"count":1000,"next":"http://127.0.0.1:4010/api/v1/widgets/?limit=10&ordering=-name&page=4","previous":"http://127.0.0.1:4010/api/v1/widgets/?limit=10&ordering=-name&page=2","results":[');
type Writer = { begin(): void; text(t: string): void; bytes(b: Uint8Array): void; take(): Uint8Array };
const sides: Array<{ root: string; w: Writer; ns: number[] }> = [];
for (const root of roots) {
  const { Utf8Writer } = (await import(`${root}/src/common/utf8-writer.ts`)) as { Utf8Writer: new () => Writer };
  sides.push({ root, w: new Utf8Writer(), ns: [] });
}
let sink = 0;
function pages(w: Writer, n: number, seed: number): void {
  const stride = process.env.COLD ? 1999 : 7;
  for (let p = 0; p < n; p += 1) {
    w.begin();
    w.bytes(head);
    const first = ((p + seed) * 10 * stride) % ROWS;
    for (let i = 0; i < 10; i += 1) {
      if (i > 0) w.text(',');
      w.bytes(rows[(first + i * stride) % ROWS]!);
    }
    w.text(']}');
    sink += w.take().length;
  }
}
for (const s of sides) pages(s.w, PAGES / 4, 0);
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 ? [...sides].reverse() : sides;
  for (const s of order) {
    const t = process.hrtime.bigint();
    pages(s.w, PAGES, round);
    s.ns.push(Number(process.hrtime.bigint() - t) / PAGES);
  }
}
const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
const load = loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`ns a page (median of ${ROUNDS} rounds): ${sides.map((s) => `${s.root.split('/').pop()} ${med(s.ns).toFixed(0)}`).join('  ')}${process.env.COLD ? '  (COLD)' : ''}  load ${load}`);
for (const s of sides.slice(1)) console.log(`${s.root.split('/').pop()} ÷ ${sides[0]!.root.split('/').pop()} by round: ${s.ns.map((v, i) => (v / sides[0]!.ns[i]!).toFixed(2)).join(' ')}`);
if (sink === 0) console.log('');
