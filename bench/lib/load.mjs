// The load generator: autocannon, in this process, against one server on loopback, with a fixed
// number of connections and a fixed duration. Every measurement is preceded by a warm-up run
// whose numbers are thrown away (JIT, caches, keep-alive sockets).
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/**
 * One autocannon run. `requests` (autocannon's request list) or `path` say what to send;
 * `setupClient` may give each connection its own requests (the update_status round trip).
 * @returns {Promise<{rps: number, p50: number, p99: number, bytesPerResponse: number, total: number, non2xx: number, errors: number, statusCodes: Record<string, number>}>}
 */
export async function hit({ url, path = '/', method = 'GET', headers = {}, body, requests, setupClient, connections, duration, amount }) {
  const result = await autocannon({
    url: url + path,
    method,
    headers,
    body,
    requests,
    setupClient,
    connections,
    duration,
    amount,
    pipelining: 1,
    timeout: 30,
  });
  const total = result.requests.total ?? 0;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  return {
    rps: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytesPerResponse: total > 0 ? result.throughput.total / total : 0,
    total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}

/**
 * Warm up (discarded), then measure. With `pid`, also the server's CPU time per request: other
 * work on the machine lowers req/s, but hardly what each request costs the server.
 */
export async function measure(options, { warmupS, durationS }, pid = null) {
  if (warmupS > 0) await hit({ ...options, duration: warmupS });
  const cpu0 = pid ? cpuSecondsOf(pid) : NaN;
  const r = await hit({ ...options, duration: durationS });
  const cpu = pid ? cpuSecondsOf(pid) - cpu0 : NaN;
  return { ...r, cpuUsPerRequest: r.total > 0 ? (cpu * 1e6) / r.total : NaN };
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
