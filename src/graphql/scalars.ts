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

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && value.length <= 40 ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime values are ISO 8601 strings');
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant as an ISO 8601 string in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError('DateTime literals must be strings');
    return parseDateTime(node.value);
  },
});
