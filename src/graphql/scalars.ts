import { GraphQLError, Kind } from 'graphql';
import { isDecimalString } from '../money/decimal.ts';
import { builder } from './builder.ts';

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || value.length > 32 || !isDecimalString(value)) {
    throw new GraphQLError(
      'Decimal values are strings such as "12.50" or "8.875" (no exponent, at most 15 decimals)',
    );
  }
  return value;
}

builder.scalarType('Decimal', {
  description: 'An exact decimal number as a string, e.g. "12.50" for money or "8.875" for a percentage.',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError('Decimal literals must be strings such as "12.50"');
    return parseDecimal(node.value);
  },
});

/**
 * Instants PostgreSQL's `timestamptz` reads back as written: four-digit years from 1 (it has no year 0, and
 * JavaScript writes years past 9999 with a sign it does not parse).
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && value.length <= 40 ? new Date(value) : new Date(Number.NaN);
  const time = date.getTime();
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST) {
    throw new GraphQLError(
      'DateTime values are ISO 8601 strings between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z',
    );
  }
  return date;
}

builder.scalarType('DateTime', {
  description:
    'An instant as an ISO 8601 string in UTC, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError('DateTime literals must be strings');
    return parseDateTime(node.value);
  },
});
