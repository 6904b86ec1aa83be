/**
 * Fault-rule path patterns — `*` matches within one segment (no `/`), `**` across segments (any
 * run, `/` included), every other character itself — matched without backtracking.
 *
 * A pattern used to become a RegExp (`*` → `[^/]*`, `**` → `.*`), and V8's backtracking made
 * `/**a**a**a…**x` against a 40-character path take seconds on every request (issue 19). Here the
 * pattern is a small automaton whose states are positions in the pattern; a path is read once,
 * character by character, carrying the set of positions still alive (Thompson's construction, as
 * RE2 and Go's `regexp` do). Each character costs at most one step per pattern position, so a
 * match is O(path × pattern) — linear in the path — whatever the pattern.
 */
export interface PathGlob {
  /** Whether the whole `path` matches. `steps`, when given, counts the work done (for tests). */
  test(path: string, steps?: { count: number }): boolean;
}

/** What one pattern position matches. */
type Token = { kind: 'char'; char: string } | { kind: 'segment' } | { kind: 'any' };

/** Compiles a pattern; runs of stars collapse (`***` is `**`, a `*` beside a `**` adds nothing). */
export function compilePathGlob(pattern: string): PathGlob {
  const tokens: Token[] = [];
  for (const part of pattern.split(/(\*+)/)) {
    if (part === '') continue;
    if (part.startsWith('*')) {
      const kind = part.length >= 2 ? 'any' : 'segment';
      const last = tokens[tokens.length - 1];
      if (last?.kind === 'any') continue;
      if (last?.kind === 'segment') {
        if (kind === 'any') tokens[tokens.length - 1] = { kind: 'any' };
        continue;
      }
      tokens.push({ kind });
    } else {
      for (const char of part) tokens.push({ kind: 'char', char });
    }
  }
  return { test: (path, steps) => run(tokens, path, steps) };
}

function run(tokens: Token[], path: string, steps?: { count: number }): boolean {
  const n = tokens.length;
  // `alive[i]`: the pattern's first i tokens can match what was read so far. Two buffers, swapped.
  let alive = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  alive[0] = 1;
  close(tokens, alive);
  let work = 0;
  for (const char of path) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i += 1) {
      work += 1;
      if (alive[i] === 0) continue;
      const token = tokens[i]!;
      if (token.kind === 'char') {
        if (token.char === char) next[i + 1] = 1, (any = true);
      } else if (token.kind === 'any' || char !== '/') {
        next[i] = 1;
        any = true;
      }
    }
    [alive, next] = [next, alive];
    if (!any) break;
    close(tokens, alive);
  }
  if (steps) steps.count += work;
  return alive[n] === 1;
}

/** A star may match nothing: the position after it is alive whenever the star's is. */
function close(tokens: Token[], alive: Uint8Array): void {
  for (let i = 0; i < tokens.length; i += 1) {
    if (alive[i] === 1 && tokens[i]!.kind !== 'char') alive[i + 1] = 1;
  }
}
