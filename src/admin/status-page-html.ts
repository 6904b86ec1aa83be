import type { LoggedRequest } from '../http/request-log.ts';
import type { SessionInfo } from '../state/sessions.ts';
import type { DeliveryView } from '../webhooks/delivery-view.ts';

/** A fault rule as the page shows it: what it does, not the body or headers it answers with. */
export interface FaultView {
  id: number;
  method: string;
  path: string;
  status: number | null;
  latency_ms: number;
  drop: boolean;
  probability: number;
  remaining: number | null;
  hits: number;
  session: string | null;
}

/** Everything the page shows; null sections are not available in this mock (no admin, no webhooks). */
export interface StatusView {
  now: string;
  clockShifted: boolean;
  seed: number;
  size: number;
  /** The dataset loaded on the seed, or null. */
  dataset: string | null;
  counts: Record<string, number>;
  requests: LoggedRequest[] | null;
  sessions: SessionInfo[] | null;
  faults: FaultView[] | null;
  deliveries: DeliveryView[] | null;
}

/** Every interpolated value goes through here. */
function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function table(headings: string[], rows: unknown[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const head = headings.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(id: string, title: string, content: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${content}\n</section>`;
}

function faultAction(f: FaultView): string {
  const parts: string[] = [];
  if (f.latency_ms > 0) parts.push(`wait ${f.latency_ms} ms`);
  if (f.drop) parts.push('drop the connection');
  if (f.status !== null) parts.push(`answer ${f.status}`);
  return parts.join(', then ');
}

function main(v: StatusView): string {
  const counts = table(Object.keys(v.counts), [Object.values(v.counts)], 'No objects.');
  const requests =
    v.requests === null
      ? '<p class="empty">The request log is not available.</p>'
      : table(
          ['#', 'time', 'method', 'path', 'status', 'ms', 'operation', 'session', 'fault'],
          v.requests.map((r) => [
            r.seq,
            r.time,
            r.method,
            r.path,
            r.status,
            r.duration_ms,
            r.operation_id ?? '—',
            r.session ?? '—',
            r.fault ?? '',
          ]),
          'No API requests yet.',
        );
  const sessions =
    v.sessions === null
      ? '<p class="empty">Sessions are not available.</p>'
      : table(
          ['name', 'created', 'last used', 'requests', 'changed entries'],
          v.sessions.map((s) => [s.name, s.created, s.last_used, s.requests, s.changed_entries]),
          'No sessions (requests without X-Mock-Session use the shared state).',
        );
  const faults =
    v.faults === null
      ? '<p class="empty">Fault rules are not available.</p>'
      : table(
          ['id', 'method', 'path', 'does', 'probability', 'remaining', 'hits', 'session'],
          v.faults.map((f) => [
            f.id,
            f.method,
            f.path,
            faultAction(f),
            f.probability,
            f.remaining ?? '∞',
            f.hits,
            f.session ?? 'all',
          ]),
          'No fault rules.',
        );
  const deliveries =
    v.deliveries === null
      ? '<p class="empty">Webhook deliveries are not available in this mock yet.</p>'
      : table(
          ['time', 'event', 'to', 'status', 'attempts', 'state'],
          v.deliveries.map((d) => [d.time, d.event, d.url, d.status ?? '—', d.attempts, d.state]),
          'No webhook deliveries yet.',
        );
  return `<main id="status">
<p class="meta">Mock time ${esc(v.now)}${v.clockShifted ? ' (moved by PUT /__mock/clock)' : ''} · seed ${esc(v.seed)} · size ${esc(v.size)}${v.dataset ? ` · dataset ${esc(v.dataset)}` : ''}</p>
${section('counts', 'Objects in the shared state', counts)}
${section('requests', 'Recent API requests', requests)}
${section('sessions', 'Sessions', sessions)}
${section('faults', 'Fault rules', faults)}
${section('deliveries', 'Webhook deliveries', deliveries)}
</main>`;
}

/**
 * Re-reads this page every two seconds and swaps in its `<main>`: no data endpoint to secure or
 * document, no flicker, and the scroll position stays. Without scripts, a meta refresh does it.
 */
const REFRESH_SCRIPT = `<script>
(() => {
  let busy = false;
  setInterval(async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const res = await fetch(location.pathname, { cache: 'no-store', headers: { 'X-Mock-Status-Poll': '1' } });
      if (res.ok) {
        const next = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('status');
        const here = document.getElementById('status');
        if (next && here) here.replaceWith(next);
      }
    } catch {
      // The mock is restarting: try again on the next tick.
    } finally {
      busy = false;
    }
  }, 2000);
})();
</script>`;

const STYLE = `<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
nav a { margin-right: 1rem; } .meta, .empty { color: #666; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #ddd; }
td { font-family: ui-monospace, monospace; font-size: 13px; }
</style>`;

/** The whole page. */
export function renderStatusPage(v: StatusView): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>omnitron-mock status</title>
<noscript><meta http-equiv="refresh" content="5"></noscript>
${STYLE}
</head>
<body>
<h1>omnitron-mock</h1>
<nav><a href="/docs">API reference</a><a href="/__mock/health">health</a></nav>
${main(v)}
${REFRESH_SCRIPT}
</body>
</html>
`;
}
