import { expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

/**
 * `MOCK_CORS_ORIGINS` entries are compared with the browser's `Origin` (`scheme://host[:port]`,
 * a default port left out). An entry that can never equal one — no scheme, a path, `:443` on
 * https — matched nothing, so the page it named got no CORS headers and the start said nothing.
 * Such an entry stops `serve` with the line below (printed after `omnitron-mock: `, exit 2).
 */
const refusal = (entry: string, hint: string) =>
  `MOCK_CORS_ORIGINS (--cors-origins): "${entry}" is not an origin as a browser sends it (scheme://host[:port], no path, no default port), e.g. "${hint}"`;

it('refuses an entry no browser origin can equal, saying what to write instead', () => {
  expect(() => loadConfig([], { MOCK_CORS_ORIGINS: 'http://localhost:5173,localhost:3000' })).toThrow(refusal('localhost:3000', 'http://localhost:3000'));
  expect(() => loadConfig(['--cors-origins', 'https://qa.example.com:443'], {})).toThrow(refusal('https://qa.example.com:443', 'https://qa.example.com'));
  expect(() => loadConfig([], { MOCK_CORS_ORIGINS: 'http://localhost:3000/app' })).toThrow(refusal('http://localhost:3000/app', 'http://localhost:3000'));
});

it('takes origins as before: any case, a trailing slash, IPv6, and the * switch', () => {
  const origins = '*,HTTP://LOCALHOST:3000,https://qa.example.com/,http://[::1]:5173';
  expect(loadConfig([], { MOCK_CORS_ORIGINS: origins }).corsOrigins).toEqual(origins.split(','));
});

it("takes app and extension origins a webview sends as written, and refuses \"null\" saying why", () => {
  const origins = 'capacitor://localhost,ionic://localhost,chrome-extension://abcdefghijklmnop,tauri://localhost';
  expect(loadConfig([], { MOCK_CORS_ORIGINS: origins }).corsOrigins).toEqual(origins.split(','));
  expect(() => loadConfig([], { MOCK_CORS_ORIGINS: 'null' })).toThrow('"null" is the Origin of sandboxed frames, files and redirects, which any page can send: it is not allowed');
  expect(() => loadConfig([], { MOCK_CORS_ORIGINS: 'capacitor://localhost/app' })).toThrow('is not an origin as a browser sends it');
});
