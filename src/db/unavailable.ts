import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';

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
 * SQLSTATEs that mean "this value can never be stored", whatever the database's health: the client sent it.
 * 22021 character_not_in_repertoire (U+0000 in text), 22P05 untranslatable_character, 22008
 * datetime_field_overflow (a date outside PostgreSQL's range), 22007 invalid_datetime_format, 22009
 * invalid_time_zone_displacement_value, 22001 string_data_right_truncation, 22003 numeric_value_out_of_range.
 */
const INPUT_REJECTION_CODES = new Set(['22021', '22P05', '22008', '22007', '22009', '22001', '22003']);

/** 08P01 protocol_violation: the server refused a message (e.g. a NUL byte in a query string), not an outage. */
const PROTOCOL_VIOLATION = '08P01';

function* causeChain(error: unknown): Generator<Error> {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    yield current;
    current = current.cause;
  }
}

function sqlState(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when `error` (or anything in its `cause` chain) means the database could not be reached, as opposed to
 * a bug or a rejected statement: the client gets a retryable "unavailable" error instead of a masked one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of causeChain(error)) {
    const code = sqlState(current);
    if (code === PROTOCOL_VIOLATION) return false;
    if (current instanceof ConnectionException) return true;
    if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (/Connection terminated|connection error|terminating connection/i.test(current.message)) return true;
  }
  return false;
}

/**
 * True when PostgreSQL refused a value the client supplied (see the codes above). The input layer bounds every
 * value before it gets here; this is the backstop that keeps a missed bound a client error instead of a fault.
 */
export function isDatabaseInputRejection(error: unknown): boolean {
  for (const current of causeChain(error)) {
    const code = sqlState(current);
    if (code && INPUT_REJECTION_CODES.has(code)) return true;
  }
  return false;
}

/** 23505 unique_violation, 23P01 exclusion_violation: the row collides with one already committed. */
const CONFLICT_CODES = new Set(['23505', '23P01']);

/**
 * True when PostgreSQL refused a row because a committed one already holds its unique value. Services turn
 * the collisions they expect into typed errors; this is the backstop that keeps any other one a conflict the
 * client can act on (read again, retry) instead of a fault.
 */
export function isDatabaseConflict(error: unknown): boolean {
  for (const current of causeChain(error)) {
    if (current instanceof UniqueConstraintViolationException) return true;
    const code = sqlState(current);
    if (code && CONFLICT_CODES.has(code)) return true;
  }
  return false;
}
