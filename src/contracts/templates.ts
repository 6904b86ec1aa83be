/**
 * `{{name}}` templates in scenario requests. A string that is exactly one template takes the
 * variable's own JSON value (so `"ids": ["{{id}}"]` sends a number and a captured null stays
 * null); a template inside a longer string is replaced by the value's text.
 */

/** Variables every side provides without a capture. */
export const BUILT_IN_VARIABLES = ['token', 'username', 'password', 'run_id'] as const;

const TEMPLATE = /\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][\w-]*)\s*\}\}$/;

/** A template names a variable that the side does not have. */
export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`{{${variable}}} has no value`);
  }
}

/** The variable names used anywhere in a JSON value (strings, object values, array items). */
export function templateNames(value: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(TEMPLATE)) out.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...out];
}

/**
 * Substitutes templates in a string, as text (`encode` escapes each value, e.g. for a path
 * segment). Throws `MissingVariableError`.
 */
export function fillString(text: string, vars: ReadonlyMap<string, unknown>, encode: (s: string) => string = (s) => s): string {
  return text.replace(TEMPLATE, (_, name: string) => {
    if (!vars.has(name)) throw new MissingVariableError(name);
    const v = vars.get(name);
    return encode(typeof v === 'string' ? v : JSON.stringify(v));
  });
}

/** Substitutes templates throughout a JSON value, keeping a whole-string template's type. */
export function fillValue(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      if (!vars.has(whole[1]!)) throw new MissingVariableError(whole[1]!);
      return vars.get(whole[1]!);
    }
    return fillString(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => fillValue(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v, vars)]));
  }
  return value;
}
