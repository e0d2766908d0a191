/**
 * The one accepted `DateTime` format, a profile of RFC 3339 `date-time`:
 * `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` — upper-case `T` and `Z`, seconds required, at most 3 fraction digits
 * (the server keeps milliseconds: more would be silently dropped), an explicit offset (a local time would depend
 * on the server's time zone), years 0001-9999, calendar dates only (no 30 February, no leap second 60).
 */
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,3}))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The instant `value` names, or undefined when it is not in the one accepted format. Pure, no locale or zone. */
export function parseDateTime(value: string): Date | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? '').padEnd(3, '0'));
  const sign = match[9] === '-' ? -1 : 1;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  if (match[8] === undefined && match[9] === '-' && offsetHours === 0 && offsetMinutes === 0) {
    // RFC 3339 reserves -00:00 for "offset unknown": the instant would be a guess.
    return undefined;
  }
  const date = new Date(0);
  // setUTCFullYear keeps years below 100 as written (Date.UTC would map 0099 to 1999).
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

/** The instants PostgreSQL's `timestamptz` reads back as JavaScript writes them: UTC years 0001-9999. */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Like `parseDateTime`, and also undefined for an instant outside the UTC years 0001-9999 the database holds: an
 * offset can carry a valid local time across that edge (`0001-01-01T00:30:00+01:00`).
 */
export function parseStoredDateTime(value: string): Date | undefined {
  const date = parseDateTime(value);
  return date && date.getTime() >= EARLIEST && date.getTime() <= LATEST ? date : undefined;
}
