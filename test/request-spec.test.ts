import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { responseValidator } from '../src/spec/document-validator.ts';
import { customFormats } from '../src/spec/formats.ts';

/**
 * The cancellation-request OpenAPI document (issue 4) checked as data: it validates with the
 * shared components, carries the vendor's words verbatim (tools find operations by them), and
 * marks every path and parameter the vendor does not state `x-inferred: true` (DOMAIN.md).
 */

const specPath = fileURLToPath(
  new URL('../specs/cancellation-requests.openapi.yaml', import.meta.url),
);
const base = '/api/v1/cancellation_requests/';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  'x-inferred'?: boolean;
}
interface Response {
  description: string;
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, unknown>;
}
interface Schema {
  additionalProperties?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  enum?: unknown[];
  'x-inferred'?: boolean;
  allOf?: Schema[];
}
interface Operation {
  operationId: string;
  description: string;
  summary?: string;
  'x-inferred'?: boolean;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
}
interface Found {
  path: string;
  method: string;
  op: Operation;
  params: Parameter[];
  pathInferred: boolean;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Dereferenced document (validate() dereferences), fresh per call so tests cannot share mutations. */
async function load(): Promise<{ api: Record<string, any>; ops: Map<string, Found> }> {
  const api = (await SwaggerParser.validate(specPath)) as Record<string, any>;
  const ops = new Map<string, Found>();
  for (const [path, item] of Object.entries(api.paths as Record<string, Record<string, any>>)) {
    for (const method of methods) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])] as Parameter[];
      ops.set(op.operationId, {
        path,
        method,
        op,
        params,
        pathInferred: item['x-inferred'] === true,
      });
    }
  }
  return { api, ops };
}

/**
 * One row per operation: operationId | method and path after `/api/v1/cancellation_requests/` |
 * success status and the vendor's description of it | the error statuses the vendor lists | the
 * vendor's operation description (seed 001).
 */
const table = `
listCancellationRequests | GET | 200 A paginated list of cancellation requests. | 401 403 404 500 | Retrieve a paginated list of all cancellation requests with filtering support.
createCancellationRequest | POST | 201 Cancellation request created successfully. | 400 401 403 404 500 | Create a new cancellation request for an order item.
retrieveCancellationRequest | GET {id}/ | 200 Cancellation request retrieved successfully | 401 403 404 500 | Retrieve a specific cancellation request by ID.
updateCancellationRequest | PUT {id}/ | 200 Cancellation request updated successfully. | 400 401 403 404 500 | Update an existing cancellation request.
partialUpdateCancellationRequest | PATCH {id}/ | 200 Cancellation request partially updated successfully. | 400 401 403 404 500 | Partially update an existing cancellation request.
rejectCancellationRequest | POST {id}/reject/ | 200 Cancellation request rejected successfully | 400 401 403 404 500 | Reject a specific cancellation request.
listDetailedCancellationRequests | GET detailed/ | 200 A paginated list of detailed cancellation requests. | 401 403 404 500 | Retrieve a paginated list of cancellation requests with detailed information. Use export_format parameter to get a different set of fields optimized for data export purposes.
retrieveDetailedCancellationRequest | GET {id}/detailed/ | 200 Detailed cancellation request retrieved successfully | 401 403 404 500 | Retrieve a specific cancellation request by ID with detailed information.
listCancellationRequestTags | GET {id}/tags/ | 200 Tags retrieved successfully | 401 404 500 | Retrieve tags associated with a specific Cancellation Request by ID
addCancellationRequestTag | POST {id}/add_tag/ | 204 Tags added successfully | 401 404 500 | Add tags to a specific Cancellation Request by ID
addCancellationRequestTags | POST {id}/add_tags/ | 204 Tags added successfully | 401 404 500 | Add multiple tags to a specific Cancellation Request by ID
removeCancellationRequestTag | POST {id}/remove_tag/ | 204 Tags removed successfully | 401 404 500 | Remove tags to a specific Cancellation Request by ID
removeCancellationRequestTags | POST {id}/remove_tags/ | 204 Tags removed successfully | 401 404 500 | Remove multiple tags to a specific Cancellation Request by ID
filterCancellationRequestsByTag | GET filter_tags/ | 200 cancellation requests successfully listed | 401 500 | List all cancellation requests with the ability to filter by tags and other parameters. 'key' parameter is required in query param or body.
filterCancellationRequestsByTagPost | POST filter_tags/ | 200 cancellation requests successfully listed | 401 500 | List all cancellation requests with the ability to filter by tags and other parameters. 'key' parameter is required in query param or body.
excludeCancellationRequestsByTag | GET exclude_tags/ | 200 cancellation requests successfully listed | 401 500 | List all cancellation requests with the ability to exclude by tags and other parameters. 'key' parameter is required in query param or body.
excludeCancellationRequestsByTagPost | POST exclude_tags/ | 200 cancellation requests successfully listed | 401 500 | List all cancellation requests with the ability to exclude by tags and other parameters. 'key' parameter is required in query param or body.
bulkAddCancellationRequestTags | POST bulk_add_tags/ | 204 Successfully added tags to cancellation requests | 401 500 | Bulk add tags to cancellation requests.
bulkRemoveCancellationRequestTags | POST bulk_remove_tags/ | 204 Successfully removed tags from cancellation requests | 401 500 | Bulk remove tags from cancellation requests.
`;
interface Row {
  method: string;
  path: string;
  status: string;
  said: string;
  vendorErrors: string[];
  vendor: string;
}
const expected: Record<string, Row> = Object.fromEntries(
  table
    .trim()
    .split('\n')
    .map((line) => {
      const [id = '', where = '', ok = '', errors = '', vendor = ''] = line.split(' | ');
      const [method = '', path = ''] = where.split(' ');
      return [
        id,
        {
          method: method.toLowerCase(),
          path,
          status: ok.slice(0, 3),
          said: ok.slice(4),
          vendorErrors: errors.split(' '),
          vendor,
        },
      ];
    }),
);
/** The vendor's words for the error statuses it lists (seed 001, as in seed 002). */
const vendorErrorWords: Record<string, string> = {
  '400': 'Required field(s) are missing, data is invalid, or the action is not allowed.',
  '401': 'Unauthorized Access',
  '403': 'Forbidden',
  '404': 'The given resource or object was not found or does not exist.',
  '500': 'Server Error',
};
/** The two POST forms of filter_tags / exclude_tags are ours; the vendor documents 17. */
const extraOps = new Set([
  'filterCancellationRequestsByTagPost',
  'excludeCancellationRequestsByTagPost',
]);

const dateLookups = ['', '__gt', '__gte', '__lt', '__lte'].flatMap((l) => [l, `__date${l}`]);
/** DOMAIN.md §3's filter list, each lookup its own parameter. */
const filterNames = [
  ...'pk pk__gt pk__gte pk__lt pk__lte pk__in uuid'.split(' '),
  ...dateLookups.map((l) => `created_date${l}`),
  ...dateLookups.map((l) => `modified_date${l}`),
  ...`cancellation_type status order_number order_item__order__number sku channel
    customer_first_name customer_last_name customer_email order cancellation_plan_status
    easy_return_code tracking_number currency shipping_option_slug order_item reason description
    iban holder_name easy_return quantity fully_refund_as_loyalty_money`.split(/\s+/),
];
const listLike = [
  'listCancellationRequests',
  'listDetailedCancellationRequests',
  'filterCancellationRequestsByTag',
  'filterCancellationRequestsByTagPost',
  'excludeCancellationRequestsByTag',
  'excludeCancellationRequestsByTagPost',
];
/** Parameter names the vendor states (seeds 001, 002); every other one must say x-inferred. */
const statedParams = new Set(['id', 'page', 'limit', 'export_format', 'key']);

describe('cancellation request spec', () => {
  it('validates as OpenAPI 3.0.3 together with the shared components', async () => {
    const { api } = await load();
    expect(api.openapi).toBe('3.0.3');
    expect(api.security).toEqual([{ Token: [] }]);
    expect(api.components.securitySchemes.Token).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
  });

  it('has exactly the 19 operations, each at its method and path', async () => {
    const { ops } = await load();
    expect([...ops.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, { method, path }] of Object.entries(expected)) {
      expect(ops.get(id), id).toMatchObject({ method, path: base + path });
    }
  });

  it("carries the vendor's operation and success descriptions word for word", async () => {
    const { ops } = await load();
    for (const [id, { vendor, status, said, vendorErrors }] of Object.entries(expected)) {
      const { op } = ops.get(id)!;
      if (extraOps.has(id)) expect(op.description.startsWith(vendor), id).toBe(true);
      else expect(op.description, id).toBe(vendor);
      expect(op.summary, id).toBeTruthy();
      expect(op.responses[status]?.description, id).toBe(said);
      for (const code of vendorErrors) {
        expect(op.responses[code]?.description, `${id} ${code}`).toBe(vendorErrorWords[code]);
      }
    }
  });

  it('takes each of those words from the vendor text in specs/vendor/', () => {
    const dir = fileURLToPath(new URL('../specs/vendor/', import.meta.url));
    const seed = readdirSync(dir).find((f) => f.startsWith('001_'));
    const text = readFileSync(join(dir, seed!), 'utf8');
    const words = Object.values(expected).flatMap((r) => [r.vendor, r.said]);
    for (const w of [...words, ...Object.values(vendorErrorWords)]) expect(text).toContain(w);
  });

  it('marks every path but reject, and every parameter the vendor does not name, x-inferred', async () => {
    const { ops } = await load();
    for (const [id, { path, op, params, pathInferred }] of ops) {
      expect(pathInferred, path).toBe(!path.endsWith('/reject/'));
      if (extraOps.has(id)) expect(op['x-inferred'], id).toBe(true);
      for (const p of params) {
        if (!statedParams.has(p.name)) expect(p['x-inferred'], `${id} ${p.name}`).toBe(true);
      }
    }
  });

  it("offers DOMAIN.md's filters, paging, and only those, on every list-like operation", async () => {
    const { ops } = await load();
    for (const id of listLike) {
      const { params } = ops.get(id)!;
      const names = params.map((p) => p.name);
      const extra =
        {
          listDetailedCancellationRequests: ['export_format'],
          filterCancellationRequestsByTag: ['key'],
          excludeCancellationRequestsByTag: ['key'],
        }[id] ?? [];
      expect(names.sort(), id).toEqual(['page', 'limit', ...filterNames, ...extra].sort());
      expect(
        params.every((p) => p.in === 'query'),
        id,
      ).toBe(true);
      const key = params.find((p) => p.name === 'key');
      if (key) expect(key.required, id).toBe(true);
    }
  });

  it('documents every status the mock can send, with no default or range keys', async () => {
    const { ops } = await load();
    for (const [id, { path, op }] of ops) {
      const codes = Object.keys(op.responses);
      expect(
        codes.every((c) => /^[1-5]\d\d$/.test(c)),
        id,
      ).toBe(true);
      for (const c of ['401', '403', '500']) expect(codes, id).toContain(c);
      if (path.includes('{id}') || listLike.includes(id)) expect(codes, id).toContain('404');
      if (op.requestBody) for (const c of ['400', '415']) expect(codes, id).toContain(c);
      if (listLike.includes(id)) expect(codes, id).toContain('400');
      if (op.requestBody)
        expect(Object.keys(op.requestBody.content), id).toEqual(['application/json']);
      for (const [c, r] of Object.entries(op.responses))
        if (c === '204') expect(r.content, id).toBeUndefined();
    }
  });

  it('answers the detailed list as JSON, CSV or XLSX, files with Content-Disposition', async () => {
    const { ops } = await load();
    const ok = ops.get('listDetailedCancellationRequests')!.op.responses['200']!;
    expect(Object.keys(ok.content ?? {}).sort()).toEqual([
      'application/json',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
    expect(
      ok.content?.['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']?.schema,
    ).toMatchObject({ type: 'string', format: 'binary' });
    expect(ok.headers).toHaveProperty('Content-Disposition');
    expect(
      ops.get('listCancellationRequestTags')!.op.responses['200']!.content?.['application/json']
        ?.schema,
    ).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it("closes the page envelopes, keeps the vendor's open request schema and required list, and leaves request bodies open", async () => {
    const { api } = await load();
    const s = api.components.schemas as Record<string, Schema>;
    // The vendor's CancellationRequest (apidocs.akinon.com/omnitron-openapis/cancellation-requests)
    // is open and requires seven fields; it has no cancellation_plan.
    for (const name of ['CancellationRequest', 'CancellationRequestDetailed', 'EasyReturn']) {
      expect(s[name]!.additionalProperties, name).toBeUndefined();
    }
    for (const name of ['CancellationRequest', 'CancellationRequestDetailed']) {
      expect(s[name]!.required, name).toEqual([
        'id', 'order_item', 'reason', 'cancellation_type', 'status', 'created_date', 'modified_date',
      ]);
      expect(s[name]!.properties, name).not.toHaveProperty('cancellation_plan');
      expect(s[name]!.properties!.quantity, name).toMatchObject({ nullable: true, minimum: 1 });
    }
    for (const name of [
      'PaginatedCancellationRequestList',
      'PaginatedCancellationRequestDetailedList',
    ]) {
      expect(s[name]!.additionalProperties, name).toBe(false);
      expect(s[name]!.required!.slice().sort(), name).toEqual(
        Object.keys(s[name]!.properties!).sort(),
      );
    }
    expect(Object.keys(s.CancellationRequestDetailed!.properties!)).toEqual(
      Object.keys(s.CancellationRequest!.properties!),
    );
    for (const name of [
      'CancellationRequestCreate',
      'CancellationRequestUpdate',
      'CancellationRequestPartialUpdate',
      'TagKey',
      'TagKeys',
      'BulkTags',
      'TagFilterKey',
    ]) {
      expect(s[name]!.additionalProperties, name).toBeUndefined();
    }
    expect(s.CancellationRequestCreate!.required).toEqual([
      'order_item',
      'reason',
      'cancellation_type',
    ]);
    expect(s.CancellationRequestUpdate!.required!.slice().sort()).toEqual(
      Object.keys(s.CancellationRequestUpdate!.properties!).sort(),
    );
    expect(s.CancellationRequestPartialUpdate!.required).toBeUndefined();
    expect(s.CancellationRequestStatus).toMatchObject({
      enum: ['waiting', 'confirmed', 'approved', 'rejected', 'completed'],
      'x-inferred': true,
    });
  });

  it('accepts a request as the mock serializes it, and rejects wrong values', async () => {
    const { api, ops } = await load();
    const validator = responseValidator({
      responses: structuredClone(ops.get('retrieveCancellationRequest')!.op.responses),
      components: api.components,
      customFormats,
    });
    const at = '2023-02-08T14:40:25.692898Z';
    const request: Record<string, unknown> = {
      id: 1,
      uuid: '123e4567-e89b-12d3-a456-426614174000',
      order_item: 3,
      reason: 2,
      description: null,
      cancellation_type: 'refund',
      status: 'waiting',
      iban: 'TR330006100519786457841326',
      holder_name: 'Ayşe Yılmaz',
      easy_return: {
        id: 7,
        shipping_company: 'yurtici',
        code: 'ER123',
        start_date: at,
        end_date: at,
        max_count: 1,
        status: 'active',
        raw_request: {},
        raw_response: {},
        tracking_number: null,
        tracking_url: null,
        pickup_date: null,
        created_date: at,
        modified_date: at,
        uuid: '123e4567-e89b-42d3-a456-426614174000',
      },
      quantity: 1,
      fully_refund_as_loyalty_money: false,
      attributes: {},
      attributes_kwargs: {},
      localized_attributes: {},
      localized_attributes_kwargs: {},
      created_date: at,
      modified_date: at,
    };
    expect(validator.validateResponse(200, request)).toBeUndefined();
    expect(
      validator.validateResponse(200, { ...request, easy_return: null, quantity: null }),
    ).toBeUndefined();
    expect(validator.validateResponse(200, { ...request, quantity: 0 })).toBeDefined();
    expect(validator.validateResponse(200, { ...request, status: 'cancelled' })).toBeDefined();
    expect(validator.validateResponse(200, { ...request, uuid: 'not-a-uuid' })).toBeDefined();
  });
});
