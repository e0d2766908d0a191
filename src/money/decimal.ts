import { Decimal as DecimalJs } from 'decimal.js';

/**
 * Exact decimal arithmetic for every money and rate value. Binary floating point never touches a money path:
 * values travel as strings (GraphQL, database `numeric`) and are computed with this type.
 * Precision 40 is far beyond any amount a till handles, so intermediate products are exact.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/**
 * The one decimal format: an optional `-`, an integer part of 1-15 ASCII digits without leading zeros, and an
 * optional `.` followed by 1-15 digits. No exponent, `+`, spaces, grouping or locale separators; `-0` is not
 * a second spelling of 0.
 */
const DECIMAL_SYNTAX = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;
const NEGATIVE_ZERO = /^-0(?:\.0+)?$/;

/** True for decimal strings in the one accepted format, such as `"12.50"`, `"0.5"` or `"8.875"`. */
export function isDecimalString(value: string): boolean {
  return DECIMAL_SYNTAX.test(value) && !NEGATIVE_ZERO.test(value);
}

/** Half-up (away from zero) to `places` digits: the one rounding rule of the pricing formula. */
export function roundHalfUp(value: Decimal, places: number): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** Every money and rate column is numeric(…, 3): the exact decimal string PostgreSQL returns for it. */
export const STORED_SCALE = 3;

/**
 * The database form of a money or rate value (decimal.js formats its exact digits; no binary float is
 * involved). Written as PostgreSQL returns it, so an unchanged value compares equal and is not re-written.
 */
export function toStored(value: Decimal | string): string {
  return new Decimal(value).toFixed(STORED_SCALE);
}

/** The client form of an amount: an exact decimal string at the currency's minor unit, e.g. `"12.50"`. */
export function toMoneyString(value: Decimal | string, minorUnits: number): string {
  return new Decimal(value).toFixed(minorUnits);
}
