import { FIELD_MESSAGES, fail, ok, type ErrorDetail, type Result } from '../errors.ts';
import { pythonInt } from '../../common/python-int.ts';
import { pythonFloatRepr } from '../../common/python-float.ts';

/**
 * The pieces of DRF's serializer input handling that the writes share (plans, tags, requests), so
 * that a wrong body is answered in DRF's own words. DRF runs in Python, and its messages name
 * Python types (`list`, `str`) and print values the Python way (`True`), so JSON values are
 * rendered as Python would render what `json.loads` made of them.
 */

/** Python's `type(x).__name__` for a value `json.loads` produced. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    default:
      return 'dict';
  }
}

/**
 * Python's `str(x)` for a JSON scalar (`True`, `None`, `1.5`, `1e-07`); containers as JSON, close
 * enough. A JSON number with a fraction is a Python float and is printed as one
 * (`pythonFloatRepr`); a whole one is printed as an int (JSON.parse cannot tell `5.0` from `5`).
 */
export function pythonStr(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    // Nested deeper than the stack allows (a hostile body): the message names the kind only.
    return Array.isArray(value) ? '[…]' : '{…}';
  }
}

/**
 * What Django's pk lookup (`queryset.get(pk=value)`, as DRF's `PrimaryKeyRelatedField` runs it)
 * makes of a posted value: the int it looks up (`int(value)`: a digit text may carry spaces, a
 * sign or underscores — `" 5"`, `"-3"`, `"1_0"`), `null` for `None` (it names no object), or
 * `undefined` where DRF answers "Incorrect type" (a bool, which DRF refuses before the lookup, a
 * text `int()` cannot read — `"1.5"`, `"5.0"` — a container). A JSON float is truncated as
 * `int(1.5)` truncates it: `1.5` looks up pk 1, `-0.5` pk 0 (Django's `IntegerField.get_prep_value`).
 */
export function pkLookupValue(value: unknown): number | null | undefined {
  if (value === null) return null;
  // `1e400` parses as infinity, whose `int()` raises OverflowError, which neither Django nor DRF
  // catches (Omnitron answers 500): the mock answers DRF's "Incorrect type" instead, a 400.
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) + 0 : undefined;
  // `Math.trunc(-0.5)` is -0 (`+ 0` makes it 0): the pk 0, which names nothing either way.
  if (typeof value === 'string') return pythonInt(value) ?? undefined;
  return undefined;
}

/**
 * The data a serializer is given must be a JSON object: DRF answers
 * `{"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}` otherwise, and
 * `{"non_field_errors": ["No data provided"]}` for a JSON `null`.
 */
export function readDict(body: unknown): Result<Record<string, unknown>> {
  if (body === null)
    return fail({ kind: 'field', errors: { non_field_errors: [FIELD_MESSAGES.noData] } });
  if (typeof body !== 'object' || Array.isArray(body)) {
    return fail({
      kind: 'field',
      errors: { non_field_errors: [FIELD_MESSAGES.notADict(pythonTypeName(body))] },
    });
  }
  return ok(body as Record<string, unknown>);
}

/**
 * A required, non-null DRF `ChoiceField`: the chosen value, or the messages DRF gives for it.
 * DRF compares `str(value)` with the choices, so `"waiting"` matches and `5` does not.
 */
export function readChoice<C extends string>(
  data: Record<string, unknown>,
  field: string,
  choices: readonly C[],
): { value: C } | { error: ErrorDetail } {
  const value = data[field];
  if (value === undefined) return { error: [FIELD_MESSAGES.required] };
  if (value === null) return { error: [FIELD_MESSAGES.null] };
  if (typeof value === 'string' && (choices as readonly string[]).includes(value))
    return { value: value as C };
  return { error: [FIELD_MESSAGES.invalidChoice(pythonStr(value))] };
}
