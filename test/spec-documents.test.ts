import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';

/**
 * The served OpenAPI documents are the mock's contract: these checks keep them valid, keep
 * their operations addressable by id, keep every status explicit (no `default`/`4XX`, so an
 * undocumented status can fail), keep each `x-correction` explained in CORRECTIONS.md, and
 * keep the vendor's fragments exactly as the vendor wrote them.
 */

const specsDir = fileURLToPath(new URL('../specs/', import.meta.url));
const vendorDir = `${specsDir}vendor/`;
const servedDocuments = readdirSync(specsDir)
  .filter((name) => name.endsWith('.openapi.yaml'))
  .sort();
const componentFiles = readdirSync(`${specsDir}components/`)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => `components/${name}`);
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Operation {
  document: string;
  method: string;
  path: string;
  operationId: unknown;
  responseKeys: string[];
}

/** Lists every operation of a served document without dereferencing it (keys as written). */
async function listOperations(document: string): Promise<Operation[]> {
  const api = (await SwaggerParser.parse(`${specsDir}${document}`)) as unknown as {
    paths?: Record<string, Record<string, { operationId?: unknown; responses?: object }>>;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        document,
        method,
        path,
        operationId: operation.operationId,
        responseKeys: Object.keys(operation.responses ?? {}),
      });
    }
  }
  return operations;
}

async function listAllOperations(): Promise<Operation[]> {
  return (await Promise.all(servedDocuments.map(listOperations))).flat();
}

/** GitHub's heading anchor for the simple headings CORRECTIONS.md uses. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

/** The fenced json blocks of seed 002, keyed by their heading in kebab case. */
function vendorBlocks(): Map<string, string> {
  const text = readFileSync(`${vendorDir}002_2be8e17efe80d92c.txt`, 'utf8');
  const blocks = new Map<string, string>();
  // CommonMark: a block's content is its lines between the fences, each with its newline.
  for (const match of text.matchAll(/^## (.+)\n\n> .+\n\n```json\n([\s\S]*?\n)```$/gm)) {
    const name = match[1]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    blocks.set(name, match[2]!);
  }
  return blocks;
}

describe('served OpenAPI documents', () => {
  it('includes the plan and login documents', () => {
    expect(servedDocuments).toEqual(
      expect.arrayContaining(['auth.openapi.yaml', 'cancellation-plans.openapi.yaml']),
    );
  });

  it.each(servedDocuments)('%s validates as OpenAPI 3.0.3', async (document) => {
    const api = await SwaggerParser.validate(`${specsDir}${document}`);
    expect((api as { openapi?: string }).openapi).toBe('3.0.3');
  });

  it('gives every operation an operationId, unique across documents', async () => {
    const operations = await listAllOperations();
    const missing = operations.filter((op) => typeof op.operationId !== 'string' || !op.operationId);
    expect(missing.map((op) => `${op.document} ${op.method} ${op.path}`)).toEqual([]);
    const ids = operations.map((op) => op.operationId as string);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(repeated).toEqual([]);
  });

  it('documents each status by its number: no default or 4XX-style keys', async () => {
    const loose = (await listAllOperations()).flatMap((op) =>
      op.responseKeys
        .filter((key) => !/^[1-5]\d\d$/.test(key))
        .map((key) => `${op.document} ${op.method} ${op.path}: ${key}`),
    );
    expect(loose).toEqual([]);
  });

  it('serves the five plan operations at the vendor paths under the agreed ids', async () => {
    const operations = await listOperations('cancellation-plans.openapi.yaml');
    expect(operations.map((op) => `${op.method} ${op.path} ${String(op.operationId)}`).sort()).toEqual(
      [
        'get /api/v1/cancellation_plans/ listCancellationPlans',
        'get /api/v1/cancellation_plans/{id}/ retrieveCancellationPlan',
        'get /api/v1/cancellation_plans/cancellation_plan_statuses/ listCancellationPlanStatuses',
        'post /api/v1/cancellation_plans/{id}/update_status/ updateCancellationPlanStatus',
        'post /api/v1/cancellation_plans/{id}/create_payment_plan/ createCancellationPlanPaymentPlan',
      ].sort(),
    );
  });

  it('lets login run without a token', async () => {
    const api = (await SwaggerParser.parse(`${specsDir}auth.openapi.yaml`)) as unknown as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    const login = api.paths['/api/v1/auth/login/']?.post;
    expect(login?.operationId).toBe('login');
    expect(login?.security).toEqual([]);
  });

  it('uses only the string formats that the validators register', () => {
    const known = new Set(['decimal', 'date-time', 'uuid', 'uri', 'ipv4', 'slug', 'binary']);
    const unknown: string[] = [];
    for (const file of [...servedDocuments, ...componentFiles]) {
      const text = readFileSync(`${specsDir}${file}`, 'utf8');
      for (const match of text.matchAll(/(?:^|[\s{,])format:\s*['"]?([A-Za-z0-9-]+)/gm)) {
        if (!known.has(match[1]!)) unknown.push(`${file}: ${match[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('points every x-correction at an entry of CORRECTIONS.md', () => {
    const corrections = readFileSync(`${specsDir}CORRECTIONS.md`, 'utf8');
    const anchors = new Set(
      [...corrections.matchAll(/^## (.+)$/gm)].map((match) => anchorOf(match[1]!)),
    );
    const broken: string[] = [];
    for (const file of [...servedDocuments, ...componentFiles]) {
      const text = readFileSync(`${specsDir}${file}`, 'utf8');
      for (const match of text.matchAll(/x-correction:\s*(.*)$/gm)) {
        const anchor = /see specs\/CORRECTIONS\.md#([a-z0-9-]+)/.exec(match[1]!)?.[1];
        if (!anchor || !anchors.has(anchor)) broken.push(`${file}: ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('vendor fragments', () => {
  it('keeps each json block of seed 002 byte for byte in specs/vendor/cancellation-plans', () => {
    const blocks = vendorBlocks();
    expect(blocks.size).toBe(5);
    const files = readdirSync(`${vendorDir}cancellation-plans/`).sort();
    expect(files).toEqual([...blocks.keys()].map((name) => `${name}.json`).sort());
    for (const [name, content] of blocks) {
      const stored = readFileSync(`${vendorDir}cancellation-plans/${name}.json`);
      expect(stored.equals(Buffer.from(content, 'utf8')), name).toBe(true);
      expect(() => JSON.parse(content) as unknown, name).not.toThrow();
    }
  });
});
