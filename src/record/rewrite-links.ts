/**
 * The one change the recording proxy makes to what it forwards: links that point back at the
 * target. DRF's pagination links (`next`, `previous`) and redirects (`Location`) are absolute
 * URLs built from the `Host` the target saw, which is the target's own; a client following them
 * would leave the proxy, and the rest of its paging would go unrecorded. Such links are pointed at
 * the proxy instead, keeping path and query; every other link, and every other byte, is untouched.
 */

import { Transform, type TransformCallback } from 'node:stream';

/** The fields of a DRF page whose values are links. */
const PAGE_LINKS = ['next', 'previous'] as const;

/**
 * `link` pointed at the proxy, when it points at the target (same scheme, host and port, under
 * the target's path prefix); else null. `proxyBase` is what the client used: `http://127.0.0.1:4011`.
 */
export function proxiedLink(link: string, target: URL, proxyBase: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null; // relative: it already resolves against the proxy
  }
  const prefix = target.pathname.replace(/\/+$/, '');
  if (url.origin !== target.origin) return null;
  if (prefix !== '' && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return null;
  return proxyBase.replace(/\/+$/, '') + url.pathname.slice(prefix.length) + url.search + url.hash;
}

/**
 * A JSON body with its `next`/`previous` links pointed at the proxy; null when it holds none to
 * change (then the target's bytes go through as they were). Only the link strings change: the
 * rest of the text is kept byte for byte, so numbers and spacing are the target's.
 */
export function rewritePageLinks(text: string, target: URL, proxyBase: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  let out = text;
  let changed = false;
  for (const key of PAGE_LINKS) {
    const link = (body as Record<string, unknown>)[key];
    if (typeof link !== 'string') continue;
    const proxied = proxiedLink(link, target, proxyBase);
    if (proxied === null) continue;
    const pattern = new RegExp(`("${key}"\\s*:\\s*)${escapeRegExp(JSON.stringify(link))}`);
    if (pattern.test(out)) out = out.replace(pattern, (_, head: string) => head + JSON.stringify(proxied));
    // The target escaped the link in a way JSON.stringify does not (`\/`): rewrite it by value.
    else out = JSON.stringify({ ...(JSON.parse(out) as object), [key]: proxied });
    changed = true;
  }
  return changed ? out : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Holds a JSON answer until its end, then lets it go with its page links pointed at the proxy
 * (a list page is small: at most `limit` rows). Unchanged bytes when there is nothing to rewrite.
 */
export class PageLinkRewriter extends Transform {
  private readonly chunks: Buffer[] = [];

  constructor(private readonly target: URL, private readonly proxyBase: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const bytes = Buffer.concat(this.chunks);
    const rewritten = rewritePageLinks(bytes.toString('utf8'), this.target, this.proxyBase);
    callback(null, rewritten === null ? bytes : Buffer.from(rewritten, 'utf8'));
  }
}

/** The target's response headers with a `Location` that points at the target pointed at the proxy. */
export function rewriteLocation(raw: readonly string[], target: URL, proxyBase: string): string[] {
  const out = [...raw];
  for (let i = 0; i < out.length; i += 2) {
    if (out[i]!.toLowerCase() !== 'location') continue;
    out[i + 1] = proxiedLink(out[i + 1]!, target, proxyBase) ?? out[i + 1]!;
  }
  return out;
}
