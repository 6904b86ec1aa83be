import type { OpenAPIV3 } from 'openapi-types';
import type { LoadedSpecs, Operation } from '../spec/load-specs.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

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
