// Reading back what callgrind wrote for bench/mix-instructions.mjs (`--separate-threads=yes`: one
// file a thread, the main thread's ending `-01`): instructions a request, all threads and the main
// thread alone, its simulated misses (`--sim`), and its instructions by function and by room.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Instructions a request over `requests` (all threads, the main thread) and, with --sim, the main thread's simulated events a request. */
export function perRequest(files, requests) {
  let total = 0;
  let main = 0;
  let sim = null;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const counts = (/^totals: ([\d ]+)/m.exec(text)?.[1] ?? '0').trim().split(' ').map(Number);
    total += counts[0];
    if (/-01$/.test(f)) {
      main += counts[0];
      // With --sim, the main thread's simulated misses: events Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim.
      const names = /^events: (.+)$/m.exec(text)[1].trim().split(' ');
      if (names.length > 1)
        sim = Object.fromEntries(names.map((n, i) => [n, (counts[i] ?? 0) / requests]));
    }
  }
  return { total: total / requests, main: main / requests, sim };
}

/** The main thread's instructions by function (callgrind_annotate's self cost), for the whole window. */
export function functionsOf(files) {
  const f = files.find((x) => /-01$/.test(x));
  const text = execFileSync('callgrind_annotate', ['--show=Ir', '--threshold=100', f], {
    maxBuffer: 1 << 28,
  }).toString();
  const fns = new Map();
  for (const line of text.split('\n')) {
    const x = /^\s*([\d,]+) \([^)]*\)\s+(.+)$/.exec(line);
    if (x && !x[2].includes('PROGRAM TOTALS')) {
      const name = x[2].replace(/ \[.*\]$/, '');
      fns.set(name, (fns.get(name) ?? 0) + Number(x[1].replace(/,/g, '')));
    }
  }
  return fns;
}

/**
 * A request's main-thread instructions by room, over `n` requests: the code that answers (V8's JIT
 * code and builtins), V8's C++ (of it its compilers and its collector), and the rest (libc, libuv,
 * node's C++).
 */
export function roomsOf(files, n) {
  const out = { answering: 0, v8: 0, compiler: 0, gc: 0, rest: 0 };
  for (const [name, ir] of functionsOf(files)) {
    const fn = name.replace(/^[^:]*\?\?\?:/, '').replace(/^\?\?\?:/, '');
    const x = ir / n;
    if (/^0x[0-9a-f]+$/.test(fn) || fn.startsWith('Builtins_')) out.answering += x;
    else if (/^(v8::|heap::|cppgc::)/.test(fn)) {
      out.v8 += x;
      if (/compiler|maglev|baseline|Zone|Turbofan|Pipeline|Parser|Scanner|interpreter::/i.test(fn))
        out.compiler += x;
      else if (/Scaveng|Mark|Sweep|Evacuat|Heap|Remembered|Slot|GC|Compact/.test(fn)) out.gc += x;
    } else out.rest += x;
  }
  return out;
}
