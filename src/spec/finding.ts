/**
 * A validation finding: one type shared by request validation, the response self-check and the
 * contract diff, so that every report speaks the same language (Prism's diagnostic idea).
 */
export interface Finding {
  /** Where: a JSON pointer into the body (`/results/0/status`), or `status` / `content-type`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Renders findings as one line each, for logs and 500 bodies. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.path || '/'}: ${f.message}`).join('; ');
}
