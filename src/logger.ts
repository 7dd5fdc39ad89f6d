// Leveled logging into a console-like sink. Nothing logged carries a token: callers pass only
// what they chose to show, and headers go through `redactHeaders`.

/** A console-like sink. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Log levels from silent to chatty. */
export const logLevels = ["off", "error", "warn", "info", "debug"] as const;

/** A log level; `debug` logs each attempt. */
export type LogLevel = (typeof logLevels)[number];

/** Leveled log functions; `undefined` below the level, so a disabled call costs one check. */
export interface Log {
  error: ((message: string, details?: Record<string, unknown>) => void) | undefined;
  warn: ((message: string, details?: Record<string, unknown>) => void) | undefined;
  info: ((message: string, details?: Record<string, unknown>) => void) | undefined;
  debug: ((message: string, details?: Record<string, unknown>) => void) | undefined;
}

/** Binds a sink to a level. */
export function createLog(logger: Logger, level: LogLevel): Log {
  const rank = logLevels.indexOf(level);
  const at = (name: Exclude<LogLevel, "off">) =>
    logLevels.indexOf(name) <= rank
      ? (message: string, details?: Record<string, unknown>) =>
          details ? logger[name](`[circle-onboarding] ${message}`, details) : logger[name](`[circle-onboarding] ${message}`)
      : undefined;
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

/** Request headers for a log line, with credentials shown as `Bearer ***`. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const shown: Record<string, string> = {};
  headers.forEach((value, name) => {
    shown[name] = name === "authorization" ? value.replace(/^(\S+)\s.*$/, "$1 ***") : name === "cookie" ? "***" : value;
  });
  return shown;
}
