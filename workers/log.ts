/**
 * Structured logs: one JSON line per event. Fields must never carry personal data (names, NIK,
 * phone numbers, e-mail addresses); log ids and counts instead.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

/** A logger whose every line carries the request (or batch, or run) id. */
export function createLogger(requestId: string): Logger {
  return {
    log(level, event, fields = {}) {
      const line = JSON.stringify({ level, event, requestId, time: new Date().toISOString(), ...fields });
      if (level === "error") console.error(line);
      else if (level === "warn") console.warn(line);
      else console.log(line);
    },
  };
}
