import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DOCS_SPEC_PATH } from '../src/http/docs-routes.ts';
import { docsDocument } from '../src/http/docs-document.ts';
import { servedOperations } from '../src/spec/served-operations.ts';
import { createTestMock } from './support/test-mock.ts';

/**
 * `/docs/openapi.json` names the origin the page was opened on as its one server ("try it" calls
 * it). The document is built and compressed once and each origin's bytes are made from it
 * (docs-origins.ts): every origin must still get exactly the document built for it, plain and
 * gzipped, with the ETag of its own bytes, past the kept origins too.
 */
describe('the reference document, per origin', () => {
  it('is the document built for each origin, plain and gzipped, with its own ETag and 304', async () => {
    const mock = await createTestMock({ size: 20 });
    const operations = servedOperations(mock.specs);
    const origins = ['http://localhost', ...Array.from({ length: 10 }, (_, i) => `http://h${i}.localhost:4010`), 'http://localhost', 'http://[::1]:4010'];
    for (const origin of origins) {
      const url = `${origin}${DOCS_SPEC_PATH}`;
      const expected = new TextEncoder().encode(JSON.stringify(docsDocument(mock.specs, operations, new URL(url).origin, { defaultCredentials: true })));
      const etag = `"${createHash('sha256').update(expected).digest('hex').slice(0, 16)}"`;
      const plain = await mock.request(url);
      if (plain.status === 400) continue; // a host the mock does not answer to (ALLOWED_HOSTS)
      expect([plain.status, plain.headers.get('etag'), plain.headers.get('content-encoding')], origin).toEqual([200, etag, null]);
      expect(Buffer.from(await plain.arrayBuffer()).equals(Buffer.from(expected)), origin).toBe(true);
      const zipped = await mock.request(url, { headers: { 'Accept-Encoding': 'gzip' } });
      expect([zipped.headers.get('content-encoding'), zipped.headers.get('etag')]).toEqual(['gzip', `${etag.slice(0, -1)}-gzip"`]);
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).equals(Buffer.from(expected)), origin).toBe(true);
      const again = await mock.request(url, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    }
  });
});
