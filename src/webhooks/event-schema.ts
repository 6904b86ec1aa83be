import type { OpenAPIV3 } from 'openapi-types';
import type { Finding } from '../spec/finding.ts';
import { responseValidator } from '../spec/document-validator.ts';
import { customFormats } from '../spec/formats.ts';
import { DEFAULT_SPEC_DIR, loadSpecs, type LoadedSpecs } from '../spec/load-specs.ts';
import { withoutDefaults } from '../spec/response-checker.ts';

/** The served document that describes the event, and where in it the event body is. */
export const WEBHOOKS_DOCUMENT = 'webhooks.openapi.yaml';
const CALLBACK = {
  path: '/whisperer/hooks/',
  event: 'cancellation_plan.created',
  expression: '{$request.body#/target_url}',
};

/** Checks an event body against the served schema; no findings means it conforms. */
export type EventValidator = (body: unknown) => Finding[];

/**
 * The `cancellation_plan.created` body schema as served: the callback's request body on
 * `createWebhookSubscription` (its payload is the plan schema retrieve answers with).
 */
export function eventSchemaOf(specs: LoadedSpecs): object {
  const doc = specs.documents[WEBHOOKS_DOCUMENT] as OpenAPIV3.Document | undefined;
  const callbacks = doc?.paths?.[CALLBACK.path]?.post?.callbacks as
    Record<string, Record<string, OpenAPIV3.PathItemObject>> | undefined;
  const body = callbacks?.[CALLBACK.event]?.[CALLBACK.expression]?.post?.requestBody as
    OpenAPIV3.RequestBodyObject | undefined;
  const schema = body?.content['application/json']?.schema;
  if (!schema) throw new Error(`${WEBHOOKS_DOCUMENT} describes no ${CALLBACK.event} callback body`);
  return schema;
}

/**
 * A validator of event bodies, compiled once — the one the receiver (`omnitron-mock receive`)
 * and the tests use, with the same formats the response self-check registers.
 */
export function createEventValidator(specs: LoadedSpecs): EventValidator {
  const validator = responseValidator({
    responses: { '200': { schema: withoutDefaults(eventSchemaOf(specs)) } },
    customFormats,
  });
  return (body) => {
    const result = validator.validateResponse('200', body);
    return (result?.errors ?? []).map((e) => {
      const err = e as { path?: string; message: string };
      const path = err.path && err.path !== 'response' ? `/${err.path.replace(/^\/+/, '')}` : '';
      return { path, message: err.message, severity: 'error' as const };
    });
  };
}

/** Loads the served specs from `specDir` and compiles the event validator. */
export async function loadEventValidator(
  specDir: string = DEFAULT_SPEC_DIR,
): Promise<EventValidator> {
  return createEventValidator(await loadSpecs(specDir));
}
