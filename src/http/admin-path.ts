/**
 * True for the admin namespace (`/__mock/`), which has its own document and checker, and which
 * faults, sessions, the request log and the body limit leave alone.
 */
export function isAdminPath(path: string): boolean {
  return path === '/__mock' || path.startsWith('/__mock/');
}
