import { lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH, createTestMock, type TestMock } from './support/test-mock.ts';

const open: TestMock[] = [];
afterAll(async () => {
  for (const m of open) await m.admin.close();
});

/** `real/state.ndjson` and `links/state.ndjson` → it (a target not written yet). */
function linkedFile(): { real: string; link: string; realDir: string; linkDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'omnitron-link-'));
  const realDir = join(root, 'real');
  const linkDir = join(root, 'links');
  mkdirSync(realDir);
  mkdirSync(linkDir);
  const real = join(realDir, 'state.ndjson');
  const link = join(linkDir, 'state.ndjson');
  symlinkSync(real, link);
  return { real, link, realDir, linkDir };
}

describe('a symlinked --state-file', () => {
  it('keeps lock, journals and snapshots beside the real file, and the link a link', async () => {
    const f = linkedFile();
    const first = await createTestMock({ size: 8, stateFile: f.link });
    open.push(first);
    await first.admin.stateFile!.compact();
    const request = [...first.store.requests.values()][0]!;
    const tagged = await first.request(`/api/v1/cancellation_requests/${request.id}/add_tag/`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: 'through-the-link' }),
    });
    expect(tagged.status).toBe(204);
    await first.admin.stateFile!.flush();
    // The lock and the journal sit beside the real file; nothing but the link beside the link.
    expect(readdirSync(f.realDir)).toContain('state.ndjson.lock');
    expect(readdirSync(f.realDir).some((n) => n.startsWith('state.ndjson.journal.'))).toBe(true);
    expect(readdirSync(f.linkDir)).toEqual(['state.ndjson']);
    // A second mock given the real path is locked out.
    await expect(createTestMock({ size: 8, stateFile: f.real })).rejects.toThrow(/is in use by process/);
    // Compaction writes the real file; the link stays a link.
    await first.admin.stateFile!.compact();
    expect(lstatSync(f.link).isSymbolicLink()).toBe(true);
    expect(lstatSync(f.real).isFile()).toBe(true);
    await first.admin.close();
    // What was written through the link loads through the real path, and back through the link.
    const second = await createTestMock({ size: 8, stateFile: f.real });
    open.push(second);
    expect(second.store.tags.cancellation_request.tagsOf(request.id)).toContain('through-the-link');
    await second.admin.close();
    const third = await createTestMock({ size: 8, stateFile: f.link });
    open.push(third);
    expect(third.store.tags.cancellation_request.tagsOf(request.id)).toContain('through-the-link');
    await third.admin.close();
    expect(lstatSync(f.link).isSymbolicLink()).toBe(true);
  });
});
