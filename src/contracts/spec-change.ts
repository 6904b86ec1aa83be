/**
 * One difference between two OpenAPI documents, judged from a client's side (what Specmatic
 * calls backward compatibility, oasdiff "breaking changes"): would a client written against the
 * old document break against a server that follows the new one?
 */
export interface SpecChange {
  /** The rule that found it: `response-field-removed`, `request-enum-value-removed`, … */
  rule: string;
  breaking: boolean;
  /** `GET /api/v1/cancellation_plans/` (path parameters as written in the new document). */
  operation: string;
  /** Where in the operation: `response 200 application/json /results/*\/status`, `parameter query status`. */
  location: string;
  message: string;
  /**
   * Why the new document departs from the old one here, as it says nearest the change: the
   * anchor of its `x-correction` (`decimal-strings`), `inferred` under `x-inferred: true`, or null.
   */
  correction: string | null;
}

/** The rules, and whether each breaks a client; one place, so the docs and tests can list them. */
export const SPEC_RULES = {
  'operation-removed': { breaking: true, text: 'an operation is gone' },
  'operation-added': { breaking: false, text: 'a new operation' },
  'operation-id-changed': { breaking: true, text: 'the operationId changed (generated clients rename the method)' },
  'parameter-added-required': { breaking: true, text: 'a new required parameter' },
  'parameter-now-required': { breaking: true, text: 'an optional parameter became required' },
  'parameter-removed': { breaking: false, text: 'a parameter is no longer documented (unknown parameters are ignored)' },
  'parameter-added': { breaking: false, text: 'a new optional parameter' },
  'request-body-now-required': { breaking: true, text: 'the request body became required' },
  'request-media-type-removed': { breaking: true, text: 'a request media type is no longer accepted' },
  'request-field-added-required': { breaking: true, text: 'a new required request field' },
  'request-field-now-required': { breaking: true, text: 'an optional request field became required' },
  'request-field-removed': { breaking: true, text: 'a request field is refused (the object is closed)' },
  'request-closed': { breaking: true, text: 'a request object no longer accepts other fields' },
  'request-type-narrowed': { breaking: true, text: 'a request value accepts fewer types' },
  'request-enum-value-removed': { breaking: true, text: 'a value a client may send is refused' },
  'request-enum-added': { breaking: true, text: 'a free request value became an enumeration' },
  'request-null-refused': { breaking: true, text: 'a request value may no longer be null' },
  'response-removed': { breaking: true, text: 'a success response is gone' },
  'response-media-type-removed': { breaking: true, text: 'a response media type is gone' },
  'response-field-removed': { breaking: true, text: 'a response field is gone' },
  'response-field-now-optional': { breaking: true, text: 'a response field is no longer always sent' },
  'response-type-changed': { breaking: true, text: 'a response value has a type the client does not expect' },
  'response-enum-value-added': { breaking: true, text: 'a response value the client does not know' },
  'response-enum-removed': { breaking: true, text: 'a response enumeration became free' },
  'response-now-nullable': { breaking: true, text: 'a response value may now be null' },
  'response-field-added': { breaking: false, text: 'a new response field' },
  'response-added': { breaking: false, text: 'a newly documented response status' },
  'error-response-removed': { breaking: false, text: 'an error response is no longer documented' },
  'widened': { breaking: false, text: 'a value accepts or may carry more than before, harmlessly for a client' },
} as const satisfies Record<string, { breaking: boolean; text: string }>;

export type SpecRule = keyof typeof SPEC_RULES;
