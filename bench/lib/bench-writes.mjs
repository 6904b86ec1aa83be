// The writes the issue 26 filter benches mix in (one request in ten), shared by
// filters-100k.mjs and the side-by-side row benches, so every bench writes alike.
import { AUTH, PLANS, REQUESTS } from './calls.mjs';

/** Tags `bench-0…BENCH_TAGS-1`: what filters-100k.mjs puts on requests and the request writes add and remove. */
export const BENCH_TAGS = 100;

/** Writes a connection makes: request PATCHes and tag writes on its own request; plan status moves on its own plan. */
export function writers({ requestIds, cyclePlans }) {
  const request = (me) => {
    const id = requestIds[(me * 977) % requestIds.length];
    let n = 0;
    return {
      method: 'POST',
      path: `${REQUESTS}${id}/add_tag/`,
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      setupRequest: (req) => (++n % 2
        ? { ...req, method: 'PATCH', path: `${REQUESTS}${id}/`, body: JSON.stringify({ description: `bench note ${me} ${n}` }) }
        : { ...req, path: `${REQUESTS}${id}/${n % 4 ? 'add_tag' : 'remove_tag'}/`, body: JSON.stringify({ key: `bench-${n % BENCH_TAGS}` }) }),
    };
  };
  const plan = (me) => {
    const p = cyclePlans[me % Math.max(1, cyclePlans.length)];
    if (!p) return request(me);
    return {
      method: 'POST',
      path: `${PLANS}${p.pk}/update_status/`,
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ status: p.status === 'failed' ? 'manuel_refund_need' : 'failed' }) }),
      onResponse: (status) => {
        if (status === 200) p.status = p.status === 'failed' ? 'manuel_refund_need' : 'failed';
      },
    };
  };
  return { request, plan };
}

