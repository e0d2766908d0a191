import { type ASTNode, GraphQLError, Kind, type ValueNode } from 'graphql';
import { isDecimalString } from '../money/decimal.ts';
import { builder } from './builder.ts';
import { parseStoredDateTime } from './date-time-format.ts';

/**
 * A value that is not in its scalar's one accepted format. `BAD_INPUT` like every rejected input; graphql-js
 * names the variable and the path inside it, and `scalar-argument-errors.ts` names the argument of a literal.
 */
export class ScalarInputError extends GraphQLError {
  constructor(scalar: string, format: string, node?: ASTNode) {
    super(`${scalar} values are ${format}`, {
      nodes: node,
      extensions: { code: 'BAD_INPUT', scalar, http: { status: 400 } },
    });
  }
}

const DECIMAL_FORMAT =
  'strings such as "12.50": an optional "-", 1-15 digits without leading zeros, optionally "." and 1-15 digits';

function parseDecimal(value: unknown, node?: ValueNode): string {
  if (typeof value !== 'string' || !isDecimalString(value))
    throw new ScalarInputError('Decimal', DECIMAL_FORMAT, node);
  return value;
}

builder.scalarType('Decimal', {
  description: `An exact decimal number as a string, e.g. "12.50" for money or "8.875" for a percentage. Accepted: ${DECIMAL_FORMAT}; no exponent, "+", spaces or locale separators.`,
  serialize: (value) => String(value),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (node) => parseDecimal(node.kind === Kind.STRING ? node.value : undefined, node),
});

const DATE_TIME_FORMAT =
  'RFC 3339 strings "YYYY-MM-DDTHH:MM:SS[.fff]" with "Z" or an offset "±HH:MM", e.g. "2026-11-30T12:00:00Z"';

function parseDateTimeValue(value: unknown, node?: ValueNode): Date {
  const date = typeof value === 'string' ? parseStoredDateTime(value) : undefined;
  if (!date) {
    throw new ScalarInputError('DateTime', DATE_TIME_FORMAT, node);
  }
  return date;
}

builder.scalarType('DateTime', {
  description: `An instant. Accepted: ${DATE_TIME_FORMAT} (years 0001-9999, at most 3 fraction digits). Returned in UTC with milliseconds, e.g. "2026-11-30T12:00:00.000Z".`,
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => parseDateTimeValue(value),
  parseLiteral: (node) => parseDateTimeValue(node.kind === Kind.STRING ? node.value : undefined, node),
});
