import { afterEach, describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/graphql/date-time-format.ts';
import { isDecimalString } from '../../src/money/decimal.ts';

const zoneBefore = process.env.TZ;

afterEach(() => {
  process.env.TZ = zoneBefore;
});

const instants: [string, string][] = [
  ['2026-11-30T12:00:00Z', '2026-11-30T12:00:00.000Z'],
  ['2026-11-30T12:00:00.7+00:00', '2026-11-30T12:00:00.700Z'],
  ['2026-03-29T02:30:00+01:00', '2026-03-29T01:30:00.000Z'],
  ['2000-02-29T23:59:59.999-12:00', '2000-03-01T11:59:59.999Z'],
  ['0099-06-15T00:00:00Z', '0099-06-15T00:00:00.000Z'],
  ['1900-02-28T00:00:00Z', '1900-02-28T00:00:00.000Z'],
];

describe('parseDateTime', () => {
  // A local-time format would move with these; the accepted one names an instant wherever the server runs.
  it.each(['UTC', 'Pacific/Kiritimati', 'America/St_Johns', 'Europe/Berlin'])(
    'names the same instants with the server in %s',
    (zone) => {
      process.env.TZ = zone;
      // The zone really is in effect: a local-time reading of the same text moves with it.
      const local = new Date(2026, 10, 30, 12).getTime() === Date.UTC(2026, 10, 30, 12);
      expect(local).toBe(zone === 'UTC');
      for (const [text, instant] of instants) expect(parseDateTime(text)?.toISOString()).toBe(instant);
    },
  );

  it.each([
    '1900-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-06-31T00:00:00Z',
    '2026-11-30T12:00:00',
    '2026-11-30T12:00:00.000000Z',
    '2026-11-30T12:60:00Z',
    '2026-11-30T12:00:00+01:60',
    '２０２６-11-30T12:00:00Z',
    '2026-11-30T12:00:00Z ',
  ])('refuses %j', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});

describe('isDecimalString', () => {
  it.each(['0', '0.0', '-1', '-0.5', '999999999999999', '0.000000000000001', '10.50'])(
    'accepts %j',
    (text) => {
      expect(isDecimalString(text)).toBe(true);
    },
  );

  it.each(['-0', '-0.000', '00', '-01', '1.', '.1', '1e1', '+1', '٣', '1\n'])('refuses %j', (text) => {
    expect(isDecimalString(text)).toBe(false);
  });
});
