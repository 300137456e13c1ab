import type { LogLevel } from "../config.js";

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/**
 * One JSON line per request at info level. Request lines carry no headers, so credentials never
 * reach the log. The ready line is printed whatever the level, so scripts can wait for it; an
 * unexpected error (a 500) on stderr from error up, so silent prints nothing else.
 */
export function createLogger(level: LogLevel) {
  const enabled = (wanted: LogLevel) => RANK[level] >= RANK[wanted];
  return {
    ready: (message: string) => console.log(message),
    error: (error: unknown) => {
      if (enabled("error")) console.error(error);
    },
    info: (message: string) => {
      if (enabled("info")) console.log(message);
    },
    // Absent below info, so that no request builds a line only to drop it.
    request: enabled("info") ? (line: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...line })) : undefined,
  };
}
