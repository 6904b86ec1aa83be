// Node built-ins for the browser build (build-browser.mjs). What the page reaches is real
// (Web Crypto ids, string paths, an empty parseArgs); the rest exports the names the mock
// imports as functions that throw when called: file, socket and process work has no place in a
// page, and the browser build never takes those paths (no state file, no webhook delivery).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages the browser bundle leaves out (their importers answer without them or 501). */
export const UNAVAILABLE_PACKAGES = [
  'exceljs',
  '@apidevtools/swagger-parser',
  '@apidevtools/json-schema-ref-parser',
  '@hono/node-server',
];

const REAL = {
  crypto: `
const webCrypto = globalThis.crypto;
class Bytes extends Uint8Array {
  toString(encoding) {
    if (encoding === 'hex') return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
    return new TextDecoder().decode(this);
  }
}
export const randomUUID = () => webCrypto.randomUUID();
export const randomBytes = (n) => webCrypto.getRandomValues(new Bytes(n));
// Token digests compare fixed-length keys in Node; a page has no attacker timing it, so the
// "digest" is the key's bytes and the comparison is a plain one.
export const hash = (_algorithm, text) => new Bytes(new TextEncoder().encode(String(text)));
export const timingSafeEqual = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
export const createHash = () => { throw new Error('node:crypto createHash is not available in the browser build'); };
export const createHmac = () => { throw new Error('node:crypto createHmac is not available in the browser build'); };
export default { randomUUID, randomBytes, hash, timingSafeEqual, createHash, createHmac };
`,
  path: `
const norm = (p) => { const abs = p.startsWith('/'); const out = [];
  for (const s of p.split('/')) { if (s === '' || s === '.') continue; if (s === '..') out.pop(); else out.push(s); }
  return (abs ? '/' : '') + out.join('/'); };
export const sep = '/';
export const join = (...parts) => norm(parts.filter(Boolean).join('/')) || '.';
export const resolve = (...parts) => { let p = ''; for (const x of parts) p = x.startsWith('/') ? x : p + '/' + x; return norm(p.startsWith('/') ? p : '/' + p); };
export const dirname = (p) => { const i = p.replace(/\\/+$/, '').lastIndexOf('/'); return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i); };
export const basename = (p, ext) => { const b = p.replace(/\\/+$/, '').split('/').pop() ?? ''; return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b; };
export const extname = (p) => { const b = basename(p); const i = b.lastIndexOf('.'); return i > 0 ? b.slice(i) : ''; };
export const relative = (from, to) => { const a = resolve(from).split('/').filter(Boolean), b = resolve(to).split('/').filter(Boolean);
  while (a.length && b.length && a[0] === b[0]) { a.shift(); b.shift(); } return [...a.map(() => '..'), ...b].join('/'); };
export default { sep, join, resolve, dirname, basename, extname, relative };
`,
  url: `
export const fileURLToPath = (u) => new URL(String(u)).pathname;
export const pathToFileURL = (p) => new URL('file://' + p);
export default { fileURLToPath, pathToFileURL };
`,
  // Modules resolve package paths at load time and require them only when used (never in a page).
  module: `
export const createRequire = () => {
  const require = (id) => { throw new Error('require(' + id + ') is not available in the browser build'); };
  require.resolve = (id) => id;
  return require;
};
export default { createRequire };
`,
  util: `
export const parseArgs = ({ args = [] } = {}) => {
  if (args.length > 0) throw new Error('the browser build takes no command-line flags');
  return { values: {}, positionals: [] };
};
export const promisify = (fn) => (...args) =>
  new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
export default { parseArgs, promisify };
`,
};

const root = fileURLToPath(new URL('..', import.meta.url));
let imported;

/** Every name src/ imports from each built-in (`import { a, b } from 'node:x'`, `import x from`). */
function importedNames() {
  const names = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/import\s+(?:type\s+)?([\w$]+)?\s*,?\s*(?:\{([^}]*)\})?\s*from\s+'node:([\w/]+)'/g)) {
          const set = names.get(m[3]) ?? new Set();
          for (const n of (m[2] ?? '').split(',')) {
            const name = n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
            if (name && !n.trim().startsWith('type ')) set.add(name);
          }
          names.set(m[3], set);
        }
      }
    }
  };
  walk(join(root, 'src'));
  return names;
}

/** The module text standing in for built-in `name` (without `node:`). */
export function shimSource(name) {
  if (REAL[name]) return REAL[name];
  imported ??= importedNames();
  const lines = [
    // Constructing (a module-level \`new http.Agent()\`) is harmless; calling is what fails.
    `const unavailable = (what) => function () { if (new.target) return; throw new Error('node:${name} ' + what + ' is not available in the browser build'); };`,
  ];
  const names = [...(imported.get(name) ?? [])];
  for (const n of names) lines.push(`export const ${n} = unavailable(${JSON.stringify(n)});`);
  lines.push(`export default new Proxy({}, { get: (_t, key) => unavailable(String(key)) });`);
  return lines.join('\n');
}
