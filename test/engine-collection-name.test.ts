import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestMock } from './support/test-mock.ts';
import { WIDGETS } from './support/engine-fixture.ts';

/** A collection name the state format cannot hold (not a string, or holding U+0000) stops the start, naming it. */
describe('a generic collection name', () => {
  it.each([
    ['a title holding U+0000', '      title: "Wid\\0get"\n'],
    ['an x-mock-collection that is a number', '      title: Widget\n      x-mock-collection: 7\n'],
  ])('is refused at start: %s', async (_, replacement) => {
    const spec = join(mkdtempSync(join(tmpdir(), 'omnitron-spec-')), 'widgets.openapi.yaml');
    writeFileSync(spec, readFileSync(WIDGETS, 'utf8').replace('      title: Widget\n', replacement));
    await expect(createTestMock({ spec: [spec] })).rejects.toThrow(/is no collection name/);
  });
});
