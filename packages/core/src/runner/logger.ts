/**
 * Structured JSON-line logging for the runner: one line per task outcome, levels, no secrets.
 */

/** Log levels, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What the runner logs through. Fields are plain data; route URLs are redacted before they
 * reach a logger.
 *
 * @example
 * ```ts
 * const quiet: RunnerLogger = { log: () => {} };
 * ```
 */
export interface RunnerLogger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Where a line goes (default stdout). */
  write?: (line: string) => void;
  /** Time source for the `time` field (default the system clock). */
  now?: () => Date;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/**
 * A logger writing one JSON object per line: `{"time","level","msg",...fields}`.
 *
 * @example
 * ```ts
 * const logger = createJsonLogger({ level: 'warn' });
 * logger.log('error', 'result store unavailable', { taskId: 'abc' });
 * ```
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): RunnerLogger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  return {
    log(level, message, fields = {}) {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      write(JSON.stringify({ time: now().toISOString(), level, msg: message, ...fields }, jsonSafe));
    },
  };
}
