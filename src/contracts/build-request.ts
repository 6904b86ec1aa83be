import type { StepRequest } from './scenario.ts';
import { fillString, fillValue } from './templates.ts';
import type { WireRequest } from './wire.ts';

/**
 * Turns a step's request into what goes on the wire for one side, with that side's variables
 * (its token, its captures). `Authorization: Token {{token}}` is added unless the step sets the
 * header (a value replaces it, null sends none); a JSON `body` gets `Content-Type:
 * application/json` unless the step sets one. Throws `MissingVariableError`.
 */
export function buildRequest(request: StepRequest, vars: ReadonlyMap<string, unknown>): WireRequest {
  const headers: Record<string, string> = {};
  const given = Object.entries(request.headers ?? {});
  const has = (name: string) => given.some(([k]) => k.toLowerCase() === name);
  if (!has('authorization') && vars.has('token')) headers.Authorization = `Token ${fillString('{{token}}', vars)}`;
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(fillValue(request.body, vars));
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
  } else if (request.rawBody !== undefined) {
    body = fillString(request.rawBody, vars);
  }
  for (const [name, value] of given) if (value !== null) headers[name] = fillString(value, vars);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    query.append(name, typeof value === 'string' ? fillString(value, vars) : String(value));
  }
  const search = query.toString();
  const url = fillString(request.path, vars, encodeURIComponent) + (search ? `?${search}` : '');
  const wire: WireRequest = { method: request.method, url, headers };
  if (body !== undefined) wire.body = body;
  return wire;
}
