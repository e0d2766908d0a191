import { ConnectionException } from '@mikro-orm/core';

/** Socket failures and PostgreSQL's "connection exception" / "operator intervention" SQLSTATE classes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/**
 * True when `error` (or anything in its `cause` chain) means the database could not be reached, as opposed to
 * a bug or a rejected statement: the client gets a retryable "unavailable" error instead of a masked one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof ConnectionException) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (/Connection terminated|connection error|terminating connection/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
