import type { Redactor } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  name: string;
  level?: LogLevel;
  redactor?: Redactor;
  /** Where lines go; stderr by default, because stdout belongs to the protocol on stdio. */
  write?: (line: string) => void;
}

/** A JSON-lines logger on stderr that redacts secrets from every line. */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = ORDER[options.level ?? envLevel() ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      name: options.name,
      message,
      ...data,
    });
    write(options.redactor ? options.redactor.text(line) : line);
  };
  return {
    debug: (message, data) => emit("debug", message, data),
    info: (message, data) => emit("info", message, data),
    warn: (message, data) => emit("warn", message, data),
    error: (message, data) => emit("error", message, data),
  };
}

function envLevel(): LogLevel | undefined {
  const level = process.env.AGENT_MESH_LOG_LEVEL;
  return level && level in ORDER ? (level as LogLevel) : undefined;
}

/** Wraps any logger so that known secrets are scrubbed from messages and data. */
export function withRedaction(logger: Logger, redactor: Redactor): Logger {
  const scrub = (level: LogLevel) => (message: string, data?: Record<string, unknown>) =>
    logger[level](redactor.text(message), data === undefined ? undefined : redactor.value(data));
  return { debug: scrub("debug"), info: scrub("info"), warn: scrub("warn"), error: scrub("error") };
}
