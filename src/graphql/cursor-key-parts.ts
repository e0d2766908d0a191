import { isUuid } from '../ids.ts';
import { parseStoredDateTime } from './date-time-format.ts';

/**
 * The kinds of value a cursor's key holds. A cursor comes back from the client, so each value decoded from it is an
 * input like any other: it is read as the type of the column it will be compared with, and refused when that column
 * could not hold it. PostgreSQL would otherwise refuse it as a server fault (U+0000 in text, an integer beyond
 * `integer`, year 0), or a lenient parse would page from a place no row ever had (30 February).
 *
 * A part's `read` returns the value, or undefined when the JSON value is not one.
 */
export interface KeyPart<Value> {
  read(raw: unknown): Value | undefined;
}

const INT4_MAX = 2 ** 31 - 1;

function positiveInteger(max: number): KeyPart<number> {
  return {
    read: (raw) =>
      Number.isSafeInteger(raw) && (raw as number) > 0 && (raw as number) <= max
        ? (raw as number)
        : undefined,
  };
}

/** A positive `integer` (int4) column value: 1 to 2^31-1 (serial numbers of orders and price changes). */
export const serialPart = positiveInteger(INT4_MAX);

/** A positive `bigint` column value JavaScript holds exactly: 1 to 2^53-1. */
export const bigSerialPart = positiveInteger(Number.MAX_SAFE_INTEGER);

/** A UUID (every entity id), as text. */
export const uuidPart: KeyPart<string> = {
  read: (raw) => (typeof raw === 'string' && isUuid(raw) ? raw : undefined),
};

/** Text of at most `maxLength` UTF-16 code units (the column's bound) without U+0000, which `text` cannot hold. */
export function textPart(maxLength: number): KeyPart<string> {
  return {
    read: (raw) =>
      typeof raw === 'string' && raw.length <= maxLength && !raw.includes('\u0000') ? raw : undefined,
  };
}

/** An instant in the one `DateTime` format, within the years `timestamptz` holds (see `parseStoredDateTime`). */
export const instantPart: KeyPart<Date> = {
  read: (raw) => (typeof raw === 'string' ? parseStoredDateTime(raw) : undefined),
};

/** The values a tuple of parts reads, position by position. */
export type KeyValues<Parts extends readonly KeyPart<unknown>[]> = {
  -readonly [Index in keyof Parts]: Parts[Index] extends KeyPart<infer Value> ? Value : never;
};

/** Each of `raw`'s values read by the part at its position, or undefined when the count or any value is wrong. */
export function readKey<Parts extends readonly KeyPart<unknown>[]>(
  parts: Parts,
  raw: readonly unknown[],
): KeyValues<Parts> | undefined {
  if (raw.length !== parts.length) return undefined;
  const values: unknown[] = [];
  for (const [index, part] of parts.entries()) {
    const value = part.read(raw[index]);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values as KeyValues<Parts>;
}
