/** RFC 6901 JSON pointers, for captures (`/results/0/pk`) and finding paths. */

/** Splits a pointer into unescaped segments; `''` is the whole document. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  const parts = pointer.slice(1).split('/');
  return pointer.includes('~') ? parts.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : parts;
}

/** Escapes one segment for a pointer. */
export function escapeSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** True for a syntactically valid pointer (`''` or starting with `/`). */
export function isPointer(text: string): boolean {
  return text === '' || text.startsWith('/');
}

/** The value a pointer names, or `undefined` when the document has nothing there. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (node !== null && typeof node === 'object') {
      if (!Object.hasOwn(node, segment)) return undefined;
      node = (node as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return node;
}
