import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout: operators ship them as they are. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'live-pos-api' } });
}
