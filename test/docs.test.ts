import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../src/config.ts';
import { docsDocument } from '../src/http/docs-document.ts';
import { gunzipSync } from 'node:zlib';
import { DOCS_SCRIPT_PATH, DOCS_SPEC_PATH, FAVICON_PATH } from '../src/http/docs-routes.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { AUTH, createTestMock, json, sharedSpecs } from './support/test-mock.ts';

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

describe('/docs for a browser', () => {
  it.each([DOCS_SCRIPT_PATH, DOCS_SPEC_PATH])(
    'sends %s gzipped to a browser that accepts it, and revalidates it with a 304',
    async (path) => {
      const mock = await createTestMock({ size: 20 });
      const plain = await mock.request(path);
      const bytes = new Uint8Array(await plain.arrayBuffer());
      const zipped = await mock.request(path, {
        headers: { 'Accept-Encoding': 'gzip, deflate, br' },
      });
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
      const packed = new Uint8Array(await zipped.arrayBuffer());
      expect(packed.length).toBeLessThan(bytes.length / 3);
      expect(gunzipSync(packed).equals(Buffer.from(bytes))).toBe(true);
      const etag = zipped.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      const again = await mock.request(path, {
        headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag },
      });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const refused = await mock.request(path, { headers: { 'Accept-Encoding': 'gzip;q=0' } });
      expect(refused.headers.get('content-encoding')).toBeNull();
    },
  );

  it("login's example logs in with the default credentials", async () => {
    const mock = await createTestMock({ size: 20 });
    const doc: any = await json(await mock.request(DOCS_SPEC_PATH));
    const media = doc.paths['/api/v1/auth/login/'].post.requestBody.content['application/json'];
    expect(media.example).toEqual({ username: DEFAULTS.username, password: DEFAULTS.password });
    const props = media.schema.properties;
    expect([props.username.example, props.password.example]).toEqual([
      DEFAULTS.username,
      DEFAULTS.password,
    ]);
    const res = await mock.request('/api/v1/auth/login/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(media.example),
    });
    expect(res.status).toBe(200);
  });

  it("shows no credentials in login's example once an operator sets their own", async () => {
    const mock = await createTestMock({ size: 20, username: 'qa-user', password: 'qa-pass-77' });
    const text = await (await mock.request(DOCS_SPEC_PATH)).text();
    expect(text).not.toContain('qa-pass-77');
    const doc = JSON.parse(text);
    const media = doc.paths['/api/v1/auth/login/'].post.requestBody.content['application/json'];
    expect(media.example).toBeUndefined();
    expect(media.schema.properties.username.example).toBeUndefined();
    expect(media.schema.properties.password.example).toBeUndefined();
  });

  it('speaks with one voice: PascalCase tags, Title Case summaries, no "served by" titles', async () => {
    const mock = await createTestMock({ size: 20 });
    const doc: any = await json(await mock.request(DOCS_SPEC_PATH));
    for (const tag of doc.tags) expect(tag.name).toMatch(/^([A-Z][a-z]+)+$/);
    const small = new Set(['a', 'by', 'for', 'from', 'in', 'to', 'the', 'or']);
    for (const item of Object.values<any>(doc.paths)) {
      for (const m of METHODS) {
        const summary: string | undefined = item[m]?.summary;
        if (!summary) continue;
        for (const word of summary.replace(/[()]/g, '').split(' ').slice(1))
          expect(small.has(word) || /^[A-Z]/.test(word), `${summary}: "${word}"`).toBe(true);
      }
    }
    for (const file of Object.values(mock.specs.documents))
      expect(file.info.title).not.toMatch(/served by/);
  });

  it('shows a page count beside a result in sample lists, not 0', async () => {
    const mock = await createTestMock({ size: 20 });
    const doc: any = await json(await mock.request(DOCS_SPEC_PATH));
    const list =
      doc.paths['/api/v1/cancellation_plans/'].get.responses['200'].content['application/json'];
    expect(list.schema.properties.count.example).toBe(1);
  });

  it('answers /favicon.ico with an icon, and keeps browser chatter out of the request log', async () => {
    const mock = await createTestMock({ size: 20 });
    await mock.request('/__mock/requests', { method: 'DELETE' });
    const icon = await mock.request(FAVICON_PATH);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/x-icon');
    const bytes = new Uint8Array(await icon.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect((await mock.app.request('/robots.txt')).status).toBe(404);
    await mock.request('/docs');
    await mock.request('/api/v1/cancellation_plans/?limit=1', { headers: AUTH });
    await mock.request('/api/v1/nowhere/', { headers: AUTH });
    const log: any = await json(await mock.request('/__mock/requests'));
    expect(log.results.map((r: any) => r.path)).toEqual([
      '/api/v1/nowhere/',
      '/api/v1/cancellation_plans/?limit=1',
    ]);
  });

  it('shows a loading state until Scalar has read the document', async () => {
    const mock = await createTestMock({ size: 20 });
    const html = await (await mock.request('/docs')).text();
    expect(html).toContain('body:not(.docs-loaded)::after');
    expect(html).toContain('Loading the API reference');
    expect(html).toMatch(/"onLoaded": \(\) => [^\n]*classList\.add\("docs-loaded"\)/);
  });
});
