import { Hono, type MiddlewareHandler } from 'hono';
import { DRF, fieldErrors } from '../http/drf-errors.ts';
import type { AppEnv } from '../http/env.ts';
import { isObject, readJsonBody } from '../http/json-body.ts';
import type { AdminContext } from './admin-context.ts';
import { sessionOf } from '../http/session-middleware.ts';
import { CLOCK_RANGE, parseClockInstant, parseClockShift } from '../common/control-clock.ts';
import { readRule } from '../faults/fault-rules.ts';
import { clipEcho } from '../domain/errors.ts';

/** How many logged requests one call answers when `limit` is not given. */
const DEFAULT_LIMIT = 100;

/** The request log, sessions, fault rules and the clock. */
export function controlRoutes(
  ctx: AdminContext,
  op: (id: string) => MiddlewareHandler<AppEnv>,
): Hono<AppEnv> {
  const { state, faults, requests, clock } = ctx;
  const app = new Hono<AppEnv>({ strict: true });
  const now = () => new Date(clock.nowMs()).toISOString();

  app.get('/__mock/requests', op('listMockRequests'), (c) => {
    const limitText = c.req.query('limit');
    let limit = DEFAULT_LIMIT;
    if (limitText !== undefined) {
      if (!/^\d+$/.test(limitText))
        return fieldErrors(c, { limit: ['A valid integer is required.'] });
      limit = Number(limitText);
      if (limit < 1 || limit > requests.capacity)
        return fieldErrors(c, {
          limit: [`Ensure this value is between 1 and ${requests.capacity}.`],
        });
    }
    const session = sessionOf(c) ?? undefined;
    const operation = c.req.query('operation');
    const { count, results } = requests.query({
      limit,
      ...(operation !== undefined && { operation }),
      ...(session !== undefined && { session }),
    });
    return c.json({ count, capacity: requests.capacity, results });
  });

  app.delete('/__mock/requests', op('clearMockRequests'), (c) => {
    requests.clear();
    return c.body(null, 204);
  });

  app.get('/__mock/sessions', op('listMockSessions'), (c) =>
    c.json({ max: state.sessions.max, sessions: state.sessions.list() }),
  );

  app.delete('/__mock/sessions/:name', op('deleteMockSession'), (c) =>
    state.sessions.delete(c.req.param('name')) ? c.body(null, 204) : c.json(DRF.notFound, 404),
  );

  app.get('/__mock/faults', op('listMockFaults'), (c) =>
    c.json({ results: faults.list(sessionOf(c) ?? undefined) }),
  );

  app.post('/__mock/faults', op('createMockFault'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    const read = readRule(body.value);
    if ('errors' in read) {
      const { non_field_errors: general, ...fields } = read.errors;
      return general && Object.keys(fields).length === 0
        ? c.json({ non_field_errors: general, code: 'invalid_fault' }, 400)
        : fieldErrors(c, read.errors);
    }
    const rule = faults.add(read.rule, sessionOf(c), now());
    ctx.logger.info(`admin: fault rule ${rule.id} added: ${rule.method} ${rule.path}`);
    return c.json(rule, 201);
  });

  app.delete('/__mock/faults', op('clearMockFaults'), (c) => {
    faults.clear(sessionOf(c) ?? undefined);
    return c.body(null, 204);
  });

  app.delete('/__mock/faults/:id', op('deleteMockFault'), (c) => {
    const id = c.req.param('id');
    return /^\d{1,9}$/.test(id) && faults.delete(Number(id))
      ? c.body(null, 204)
      : c.json(DRF.notFound, 404);
  });

  const outOfRange = `Ensure the clock stays ${CLOCK_RANGE.text}.`;
  const clockState = () => ({
    now: now(),
    offset_seconds: clock.offsetMs() / 1000,
    real: clock.offsetMs() === 0,
  });

  app.get('/__mock/clock', op('getMockClock'), (c) => c.json(clockState()));

  app.put('/__mock/clock', op('setMockClock'), async (c) => {
    const body = await readJsonBody(c);
    if ('response' in body) return body.response;
    if (!isObject(body.value))
      return c.json({ non_field_errors: ['Invalid data. Expected a dictionary.'] }, 400);
    const { now: at, advance, ...rest } = body.value;
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      return fieldErrors(
        c,
        Object.fromEntries(unknown.map((k) => [clipEcho(k), ['Unknown field; give "now" or "advance".']])),
      );
    if ((at === undefined) === (advance === undefined)) {
      return c.json(
        {
          non_field_errors: [
            'Give either "now" (an ISO 8601 date-time) or "advance" (an ISO 8601 duration or seconds).',
          ],
          code: 'invalid_clock',
        },
        400,
      );
    }
    if (at !== undefined) {
      const ms = typeof at === 'string' ? parseClockInstant(at) : null;
      if (ms === null) return fieldErrors(c, { now: ['Enter a valid date/time.'] });
      if (!clock.setNow(ms)) return fieldErrors(c, { now: [outOfRange] });
    } else {
      const shift = parseClockShift(advance);
      if (shift === null)
        return fieldErrors(c, {
          advance: [
            'Give an ISO 8601 duration ("PT24H", "-P1D") or a number of seconds, at most a century.',
          ],
        });
      if (!clock.advance(shift)) return fieldErrors(c, { advance: [outOfRange] });
    }
    ctx.logger.info(`admin: clock moved to ${now()}`);
    return c.json(clockState());
  });

  app.delete('/__mock/clock', op('resetMockClock'), (c) => {
    clock.reset();
    return c.json(clockState());
  });

  return app;
}
