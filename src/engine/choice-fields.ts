import type { OpenAPIV3 } from 'openapi-types';
import { pythonFloatRepr } from '../common/python-float.ts';
import { FIELD_MESSAGES } from '../domain/errors.ts';
import { pythonStr } from '../domain/shared/drf-input.ts';
import type { FloatShadow } from './json-floats.ts';
import { fail, numberText, type Read } from './string-fields.ts';

type Schema = OpenAPIV3.SchemaObject;

/**
 * A choice field (`enum`) read as DRF's `ChoiceField.to_internal_value` reads it: `str(data)`
 * looked up among `str(choice)` of each choice (`choice_strings_to_values`), the choice answered.
 * Both sides are Python's text: a JSON `true` is `"True"` (the text `"true"` names no boolean
 * choice), `5.0` is `"5.0"` (numberText), and a member of a `type: number` enum is a float, whose
 * text keeps its point — YAML's `1.0` reads in JS as `1`, in Python as `1.0`, so `1.0` is taken
 * and `1` refused, as Omnitron's serializer would.
 */
export function readChoice(raw: unknown, s: Schema, floats?: FloatShadow): Read {
  const sent = typeof raw === 'number' ? numberText(raw, floats) : pythonStr(raw);
  const floatMembers = s.type === 'number';
  const hit = s.enum!.find((c) => c !== null && choiceText(c, floatMembers) === sent);
  return hit !== undefined ? { value: hit } : fail(FIELD_MESSAGES.invalidChoice(sent));
}

/** Python's `str()` of one choice as the document's schema types it. */
function choiceText(c: unknown, floatMembers: boolean): string {
  if (typeof c === 'number') return floatMembers ? pythonFloatRepr(c) : String(c);
  return typeof c === 'boolean' ? (c ? 'True' : 'False') : String(c);
}
