import { FIELD_MESSAGES, type ErrorDetail } from '../errors.ts';
import { drfIntegerText } from '../../common/python-int.ts';
import { pythonStrip } from '../../common/python-text.ts';
import { pkLookupValue, pythonStr, pythonTypeName } from './drf-input.ts';

/**
 * DRF's field types as a serializer reads one posted value: what it accepts, how it converts it
 * and, word for word, what it answers otherwise. A reader sees a value that is present (the
 * caller decides what a missing field means: `readFields` below).
 */

/** A field's outcome: the converted value, or the messages DRF puts under the field. */
export type FieldRead<T> = { value: T } | { error: ErrorDetail };

/** A reader of one present value (`undefined` never reaches it). */
export type FieldReader<T> = (raw: unknown) => FieldRead<T>;

const err = (message: string): { error: string[] } => ({ error: [message] });

/**
 * `PrimaryKeyRelatedField`: a value Django's pk lookup reads as an int (`pkLookupValue`) naming an
 * object `exists` accepts; DRF answers anything the lookup cannot read as an incorrect type.
 */
export function pkField(exists: (pk: number) => boolean): FieldReader<number> {
  return (raw) => {
    if (raw === null) return err(FIELD_MESSAGES.null);
    const pk = pkLookupValue(raw);
    if (pk == null) return err(FIELD_MESSAGES.incorrectPkType(pythonTypeName(raw)));
    return exists(pk) ? { value: pk } : err(FIELD_MESSAGES.pkDoesNotExist(pythonStr(raw)));
  };
}

/** `ChoiceField`: DRF compares `str(value)` with the choices, so `"cancel"` matches and `5` does not. */
export function choiceField<C extends string>(choices: readonly C[]): FieldReader<C> {
  return (raw) => {
    if (raw === null) return err(FIELD_MESSAGES.null);
    if (typeof raw === 'string' && (choices as readonly string[]).includes(raw))
      return { value: raw as C };
    return err(FIELD_MESSAGES.invalidChoice(pythonStr(raw)));
  };
}

/** DRF's `IntegerField.MAX_STRING_LENGTH`: a longer text is refused before it is read. */
const MAX_INTEGER_TEXT = 1000;

/** Python's `len(text)`: code points, where JS's `length` counts a pair of surrogates twice. */
export function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/**
 * What DRF's `IntegerField.to_internal_value` makes of a present, non-null value: the int, or the
 * message it fails with. An int, a float with nothing after the point, or a text of one (`"3"`,
 * `" 3 "`, `"3.0"`, `"1_0"`); a bool is not an integer to DRF (`int("True")` fails).
 */
export function drfInteger(raw: unknown): number | string {
  if (typeof raw === 'string' && raw.length > MAX_INTEGER_TEXT && codePoints(raw) > MAX_INTEGER_TEXT) return FIELD_MESSAGES.maxStringLength;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? drfIntegerText(raw) : null;
  return n !== null && Number.isSafeInteger(n) ? n : FIELD_MESSAGES.invalidInt;
}

/** `IntegerField(min_value=…)` (`drfInteger`). */
export function integerField(min: number): FieldReader<number> {
  return (raw) => {
    if (raw === null) return err(FIELD_MESSAGES.null);
    const n = drfInteger(raw);
    if (typeof n === 'string') return err(n);
    return n < min ? err(FIELD_MESSAGES.minValue(min)) : { value: n };
  };
}

const TRUE_VALUES = new Set<unknown>([
  't',
  'T',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  '1',
  1,
  true,
]);
const FALSE_VALUES = new Set<unknown>([
  'f',
  'F',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '0',
  0,
  false,
]);

/** `BooleanField`: DRF's TRUE_VALUES / FALSE_VALUES; null is refused (the field is not nullable). */
export const booleanField: FieldReader<boolean> = (raw) => {
  if (raw === null) return err(FIELD_MESSAGES.null);
  if (TRUE_VALUES.has(raw)) return { value: true };
  if (FALSE_VALUES.has(raw)) return { value: false };
  return err(FIELD_MESSAGES.invalidBoolean);
};

/**
 * `CharField(allow_null=True)`: a string (stripped as DRF's `trim_whitespace` does, Python's
 * `str.strip()`: `pythonStrip`) or a number
 * (DRF takes `str(n)`); a bool or a container is "Not a valid string.". `allowBlank: false`
 * refuses an empty string; `validate` runs on a non-null value, as a field validator would.
 */
export function nullableCharField(options: {
  allowBlank: boolean;
  validate?: (value: string) => string | null;
}): FieldReader<string | null> {
  return (raw) => {
    if (raw === null) return { value: null };
    if (typeof raw !== 'string' && typeof raw !== 'number') return err(FIELD_MESSAGES.notAString);
    const text = typeof raw === 'string' ? pythonStrip(raw) : pythonStr(raw);
    if (text === '') return options.allowBlank ? { value: '' } : err(FIELD_MESSAGES.blank);
    const problem = options.validate?.(text) ?? null;
    return problem === null ? { value: text } : err(problem);
  };
}

/**
 * Reads the named fields of a posted dict as a DRF serializer does: every field is read and all
 * errors are answered together; a missing field is "This field is required." when `required`
 * says so and is simply absent otherwise; keys the serializer does not declare are ignored.
 */
export function readFields<S extends Record<string, FieldReader<unknown>>>(
  data: Record<string, unknown>,
  readers: S,
  required: (field: keyof S & string) => boolean,
):
  | { values: { [K in keyof S]?: S[K] extends FieldReader<infer T> ? T : never } }
  | { errors: Record<string, ErrorDetail> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, ErrorDetail> = {};
  for (const [field, reader] of Object.entries(readers)) {
    const raw = data[field];
    if (raw === undefined) {
      if (required(field)) errors[field] = [FIELD_MESSAGES.required];
      continue;
    }
    const read = reader(raw);
    if ('error' in read) errors[field] = read.error;
    else values[field] = read.value;
  }
  return Object.keys(errors).length > 0 ? { errors } : { values: values as never };
}
