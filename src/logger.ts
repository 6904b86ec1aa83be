import type { LogLevel } from './config.ts';

/** One line per event on stderr; `silent` writes nothing. Secrets are never passed in. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** The level it writes at; absent on a hand-made logger, which is taken to write everything. */
  readonly level?: LogLevel;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const at = (min: LogLevel, tag: string) => (message: string) => {
    if (RANK[level] >= RANK[min]) write(`${new Date().toISOString()} ${tag} ${message}`);
  };
  return { level, error: at('error', 'ERROR'), warn: at('warn', 'WARN '), info: at('info', 'INFO '), debug: at('debug', 'DEBUG') };
}

/**
 * Whether `logger` writes `min`-level lines: a hot path asks before it builds a line, so a silent
 * server pays nothing for its access log.
 */
export function logs(logger: Logger, min: LogLevel): boolean {
  return logger.level === undefined || RANK[logger.level] >= RANK[min];
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger('silent');
