import pino, { type Logger } from "pino";

export type { Logger };

/** Structured JSON logs on stderr; prompt text never goes out at info level. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
