import { DEFAULTS, type Config } from './config.ts';

/** What a secret reads as in a log line. */
export const LOG_MASK = '********';

/**
 * The operator-set secrets of a configuration (DOMAIN.md §1: they never appear in a page or a
 * log): the tokens, the login password and the webhook secret when they differ from the
 * documented defaults (those are public), and a password in the webhook URL's user info.
 */
export function secretsOf(config: Config): string[] {
  const out: string[] = [];
  if (config.token !== DEFAULTS.token) out.push(config.token);
  if (config.password !== DEFAULTS.password) out.push(config.password);
  for (const s of [config.readonlyToken, config.adminToken, config.webhookSecret]) if (s) out.push(s);
  if (config.webhookUrl) {
    try {
      const password = new URL(config.webhookUrl).password;
      if (password) out.push(decodeURIComponent(password));
    } catch {
      // Not a URL: the start-up check refuses it.
    }
  }
  return out;
}

/**
 * A function that masks every occurrence of the secrets in a log line — as written and as a
 * query string would encode them. A last line of defence: code avoids logging secrets, but an
 * access line prints the query, and a client may well put a token there (issue 13). Secrets under
 * four characters are left alone: masking them would garble every line.
 * `clippedStarts: false` leaves a start of a secret before a `…` as sent: for a page anyone may
 * read, where masking what merely begins a secret answers "yes, it starts so" to a client's
 * guesses (rev-qa5: an admin token recovered in 23 requests); only the operator reads the logs.
 */
export function secretScrubber(secrets: readonly string[], { clippedStarts = true }: { clippedStarts?: boolean } = {}): (line: string) => string {
  const forms = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]))]
    // Longest first, so a secret containing another is masked whole.
    .sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (line) => line;
  return (line) => {
    let out = line;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(LOG_MASK);
    return clippedStarts && out.includes(CLIP_MARK) ? maskClippedStarts(out, forms) : out;
  };
}

/** What `clipEcho` ends a clipped value with. */
const CLIP_MARK = '…';

/**
 * A secret cut short by a clip (a client's over-long `X-Request-Id`, say, with a token at the
 * cut): the start of it left before the `…` is masked too, so no part of a secret reaches a log.
 * Four characters or more, as for a whole secret; the longest start found is masked.
 */
function maskClippedStarts(line: string, forms: readonly string[]): string {
  let out = line;
  for (let at = out.indexOf(CLIP_MARK); at !== -1; at = out.indexOf(CLIP_MARK, at + 1)) {
    let longest = 0;
    for (const form of forms) {
      for (let n = Math.min(form.length - 1, at); n >= 4 && n > longest; n -= 1) {
        if (out.startsWith(form.slice(0, n), at - n)) {
          longest = n;
          break;
        }
      }
    }
    if (longest > 0) {
      out = `${out.slice(0, at - longest)}${LOG_MASK}${out.slice(at)}`;
      at += LOG_MASK.length - longest;
    }
  }
  return out;
}
