/**
 * JSON text exactly as Python's `json.dumps(value)` writes it with its defaults — `", "` between
 * items, `": "` after keys, `ensure_ascii=True` (every character outside printable ASCII as a
 * lower-case `\uXXXX`, astral ones as surrogate pairs). Omnitron's webhook library signs and
 * sends those bytes (`json.dumps(payload, cls=JSONEncoder)`), so the mock does too: a receiver
 * that re-serializes the body before checking the signature fails here as it would in
 * production, instead of passing against a compact `JSON.stringify`.
 *
 * Payloads hold strings, integers, booleans, null, lists and dicts (money is a string); a
 * non-integer number is written as JavaScript prints it, which matches Python's `repr` for the
 * usual cases (`1.5`), and a non-finite one as Python would (`NaN`, `Infinity`).
 * @example pythonJsonDumps({ a: [1, 'ş'] }) === '{"a": [1, "\\u015f"]}'
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return pythonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(0) : String(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
      return `{${Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`)
        .join(', ')}}`;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's `ESCAPE_ASCII`: `"`, `\` and everything outside ` `..`~`. */
function pythonString(text: string): string {
  // String code units are UTF-16 already: a surrogate pair comes out as two escapes, as in Python.
  return `"${text.replace(/[\\"]|[^\x20-\x7e]/g, (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
