/**
 * openapi-response-validator's OpenAPI 3 → JSON Schema transform (`nullable`, `writeOnly`), for
 * the schemas it does not transform itself: it rewrites the response roots it builds (and the
 * `components` it copies into each of them), but hands `externalSchemas` to Ajv as given. The
 * shared components go in as external schemas (compiled once per document, see
 * `document-validator.ts`), so they get the very same rewrite here, quirks included, and every
 * finding reads as it did when the package rewrote them. `test/response-checker-shared.test.ts`
 * holds this copy to the package's own result for every served component.
 *
 * Like the package, it works on a JSON copy (so YAML dates become strings, as they did there).
 */
export function toJsonSchema<T>(schema: T): T {
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy = JSON.parse(JSON.stringify(schema)) as T;
  transform(copy as Record<string, unknown>);
  return copy;
}

/** Line for line `recursiveTransformOpenAPIV3Definitions` of openapi-response-validator 12. */
function transform(object: Record<string, any>): void {
  if (object.nullable === true) {
    if (object.enum) {
      // Enums can not be null with type null
      object.oneOf = [{ type: 'null' }, { type: object.type, enum: object.enum }];
      delete object.type;
      delete object.enum;
    } else if (object.type) {
      object.type = [object.type, 'null'];
    } else if (object.allOf) {
      object.anyOf = [{ allOf: object.allOf }, { type: 'null' }];
      delete object.allOf;
    } else if (object.oneOf || object.anyOf) {
      (object.oneOf || object.anyOf).push({ type: 'null' });
    }
    delete object.nullable;
  }
  // Remove writeOnly properties from the required array
  if (object.properties && object.required) {
    for (const key of Object.keys(object.properties).filter((k) => object.properties[k].writeOnly)) {
      object.required.splice(object.required.indexOf(key), 1);
    }
  }
  for (const attr of Object.keys(object)) {
    if (typeof object[attr] === 'object' && object[attr] !== null) transform(object[attr]);
  }
}
