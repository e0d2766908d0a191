import { Decimal } from './decimal.ts';

/**
 * The bounds of every amount, derived from the storage columns so that no order the API accepts can
 * overflow them later, whatever the catalogue prices or the rates become.
 *
 * Every money column is `numeric(14,3)`: it holds magnitudes below 10^11. An order's total is at most its
 * subtotal × (1 + surcharge) × (1 + tax); with both rates at their maximum of 100 % that is 4 × subtotal
 * (rounding half-up at the minor unit never rounds a share of an amount above the amount itself). The
 * subtotal is at most the largest unit price × the most units one order may hold, whatever prices change
 * to later, because every price obeys the same bound.
 */

/** Largest magnitude a `numeric(14,3)` column stores. */
export const MONEY_COLUMN_MAX = new Decimal('99999999999.999');

/** Tax and surcharge rates are percentages in [0, 100] with at most 3 decimals (`numeric(6,3)`). */
export const MAX_RATE_PERCENT = new Decimal(100);
export const RATE_DECIMALS = 3;

/** Largest unit price, in currency units (its minor-unit digits come from the currency). */
export const MAX_UNIT_PRICE = new Decimal('9999999.999');

/** Most units (sum of line quantities) one order holds. */
export const MAX_ORDER_UNITS = 2_000;

/** Largest subtotal any order can reach: every unit at the largest price. */
export const MAX_SUBTOTAL = MAX_UNIT_PRICE.times(MAX_ORDER_UNITS);

const MAX_RATE_FACTOR = MAX_RATE_PERCENT.dividedBy(100).plus(1);

/** Largest total any order can reach: the largest subtotal under the largest surcharge, then tax. */
export const MAX_ORDER_TOTAL = MAX_SUBTOTAL.times(MAX_RATE_FACTOR).times(MAX_RATE_FACTOR);

/** Largest single payment (tendered cash included): no more than the largest order total. */
export const MAX_PAYMENT = MAX_ORDER_TOTAL;

// The derivation above is what keeps every write in range; a change of any bound that breaks it must fail
// at start-up, not as a `numeric field overflow` in production.
if (MAX_ORDER_TOTAL.greaterThan(MONEY_COLUMN_MAX)) {
  throw new Error(`money bounds exceed the columns: ${MAX_ORDER_TOTAL} > ${MONEY_COLUMN_MAX}`);
}
