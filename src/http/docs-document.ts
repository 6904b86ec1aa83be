import type { OpenAPIV3 } from 'openapi-types';
import type { LoadedSpecs, Operation } from '../spec/load-specs.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** The operation whose request example holds credentials. */
const LOGIN = 'login';

export interface DocsDocumentOptions {
  /**
   * The mock accepts the documented default credentials (`akinon`/`akinon`): login's example
   * is them, so "Test request" logs in. Otherwise the example is left out: the operator's
   * credentials never appear in a page.
   */
  defaultCredentials: boolean;
}

/**
 * One OpenAPI document for the API reference: every served operation of every served document
 * (held-out ones left out, so the page never offers what the mock does not answer), with the
 * mock's own origin as the only server so "try it" calls the mock. The documents are the
 * dereferenced ones loaded at start-up, so the page needs no other file.
 */
export function docsDocument(
  specs: LoadedSpecs,
  served: readonly Operation[],
  origin: string,
  options: DocsDocumentOptions = { defaultCredentials: true },
): OpenAPIV3.Document {
  const servedIds = new Set(served.map((op) => op.operationId));
  const paths: OpenAPIV3.PathsObject = {};
  const tags = new Map<string, OpenAPIV3.TagObject>();
  const securitySchemes: Record<string, OpenAPIV3.SecuritySchemeObject> = {};
  const titles: string[] = [];
  for (const [file, doc] of Object.entries(specs.documents)) {
    titles.push(`- \`${file}\`: ${doc.info.title}`);
    for (const tag of doc.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
    for (const [name, scheme] of Object.entries(doc.components?.securitySchemes ?? {})) {
      securitySchemes[name] ??= scheme as OpenAPIV3.SecuritySchemeObject;
    }
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (!item) continue;
      const kept: OpenAPIV3.PathItemObject = {};
      for (const method of METHODS) {
        const op = item[method];
        if (!op?.operationId || !servedIds.has(op.operationId)) continue;
        // Each operation carries its document's security, so merging cannot change who needs a token.
        kept[method] = { ...op, security: op.security ?? doc.security ?? [] };
        if (op.operationId === LOGIN && !options.defaultCredentials)
          kept[method] = withoutExamples(kept[method]);
      }
      if (!METHODS.some((m) => kept[m])) continue;
      if (item.parameters) kept.parameters = item.parameters;
      paths[path] = { ...paths[path], ...kept };
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Omnitron cancellation API (omnitron-mock)',
      version: '1.0.0',
      description: [
        'Every operation omnitron-mock serves, from these documents:',
        '',
        ...titles,
        '',
        'Requests need `Authorization: Token <key>` (login answers the key). "Test request" calls this mock.',
      ].join('\n'),
    },
    servers: [{ url: origin, description: 'this mock' }],
    tags: [...tags.values()],
    paths,
    components: { securitySchemes },
  };
}

/**
 * Login without its credential examples: a description says where the accepted ones are set.
 * A copy: the loaded documents are shared and never changed.
 */
function withoutExamples(op: OpenAPIV3.OperationObject): OpenAPIV3.OperationObject {
  const body = op.requestBody as OpenAPIV3.RequestBodyObject | undefined;
  if (!body) return op;
  const content: Record<string, OpenAPIV3.MediaTypeObject> = {};
  for (const [type, media] of Object.entries(body.content)) {
    const { example: _example, examples: _examples, ...rest } = media;
    content[type] = { ...rest, ...(rest.schema && { schema: stripExamples(rest.schema) }) };
  }
  return {
    ...op,
    requestBody: {
      ...body,
      description:
        'The username and password this mock was started with (MOCK_USERNAME, MOCK_PASSWORD).',
      content,
    },
  };
}

function stripExamples(
  schema: OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject,
): OpenAPIV3.SchemaObject {
  const { example: _example, properties, ...rest } = schema as OpenAPIV3.SchemaObject;
  if (!properties) return rest;
  return {
    ...rest,
    properties: Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [k, stripExamples(v)]),
    ),
  };
}
