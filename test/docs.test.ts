import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../src/config.ts';
import { docsDocument } from '../src/http/docs-document.ts';
import { DOCS_SCRIPT_PATH, DOCS_SPEC_PATH } from '../src/http/docs-routes.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { createTestMock, sharedSpecs } from './support/test-mock.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

function operationIds(doc: { paths: Record<string, any> }): string[] {
  return Object.values(doc.paths).flatMap((item) =>
    METHODS.map((m) => item[m]?.operationId).filter(Boolean),
  );
}

describe('/ and /docs', () => {
  it('redirects / to /docs, and /docs/ too, with no token', async () => {
    const mock = await createTestMock({ size: 20 });
    const root = await mock.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/docs');
    const slash = await mock.request('/docs/');
    expect(slash.headers.get('location')).toBe('/docs');
  });

  it('serves the reference page, loading its script from the mock itself (no CDN)', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const sources = [...html.matchAll(/<script[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
    expect(sources).toEqual([DOCS_SCRIPT_PATH]);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"'\s]*\.(js|css|woff2?)\b/);
    expect(html).toContain(`"url": "${DOCS_SPEC_PATH}"`);
    expect(html).toContain('"withDefaultFonts": false');
  });

  it("serves Scalar's standalone bundle, revalidated with an ETag", async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(DOCS_SCRIPT_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const text = await res.text();
    expect(text.slice(0, 600)).toMatch(/@scalar\/api-reference \d+\.\d+\.\d+/);
    expect(text).toContain('createApiReference');
    const again = await mock.request(DOCS_SCRIPT_PATH, {
      headers: { 'If-None-Match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('pre-fills the documented default token for "try it"', async () => {
    const mock = await createTestMock({ size: 20, token: DEFAULTS.token });
    const html = await (await mock.request('/docs')).text();
    expect(html).toContain(`Token ${DEFAULTS.token}`);
    expect(html).toContain('"preferredSecurityScheme": "Token"');
  });

  it('never shows an operator-set token, on the page or in its document', async () => {
    const mock = await createTestMock({ size: 20, token: 'operator-secret-123' });
    const html = await (await mock.request('/docs')).text();
    const doc = await (await mock.request(DOCS_SPEC_PATH)).text();
    for (const text of [html, doc]) {
      expect(text).not.toContain('operator-secret-123');
      expect(text).not.toContain(DEFAULTS.token);
    }
    expect(html).not.toContain('securitySchemes');
  });
});

describe('the reference document', () => {
  it('lists every served operation of every served document, and "try it" targets the mock', async () => {
    const mock = await createTestMock({ size: 20 });
    const res = await mock.request(`http://mock.local:4010${DOCS_SPEC_PATH}`);
    expect(res.status).toBe(200);
    const doc: any = await res.json();
    const served = servedOperations(mock.specs)
      .map((op) => op.operationId)
      .sort();
    expect(operationIds(doc).sort()).toEqual(served);
    expect(doc.servers).toEqual([{ url: 'http://mock.local:4010', description: 'this mock' }]);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['Token']);
    for (const file of Object.keys(mock.specs.documents))
      expect(doc.info.description).toContain(file);
  });

  it('keeps who needs a token: login is public, the rest need one', async () => {
    const { specs } = await sharedSpecs();
    const doc = docsDocument(specs, servedOperations(specs), 'http://127.0.0.1:4010');
    expect(doc.paths['/api/v1/auth/login/']!.post!.security).toEqual([]);
    expect(doc.paths['/api/v1/cancellation_plans/']!.get!.security).toEqual([{ Token: [] }]);
  });

  it('leaves held-out operations out', async () => {
    const { specs } = await sharedSpecs();
    const served = servedOperations(specs, {
      listCancellationPlanStatuses: 'a test',
      login: 'a test',
    });
    const doc = docsDocument(specs, served, 'http://127.0.0.1:4010');
    expect(operationIds(doc)).not.toContain('listCancellationPlanStatuses');
    expect(doc.paths['/api/v1/auth/login/']).toBeUndefined();
    expect(doc.paths['/api/v1/cancellation_plans/cancellation_plan_statuses/']).toBeUndefined();
    expect(operationIds(doc)).toHaveLength(served.length);
  });
});
