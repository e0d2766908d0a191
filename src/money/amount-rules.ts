import { InputError } from '../errors.ts';
import { Decimal, isDecimalString } from './decimal.ts';

export interface AmountBounds {
  /** Most digits after the decimal point: the currency's minor unit, or 3 for rates. */
  decimals: number;
  /** Largest accepted value (inclusive). */
  max: Decimal;
  /** Whether 0 is accepted; negative values never are. */
  allowZero: boolean;
  /**
   * Names the unit the bounds are stated in, e.g. `"in USD"` or `"percent"`: required, so that no message
   * states a bound in another unit than the one the value is checked in (`decimals` formats the bound).
   */
  unit: string;
}

/**
 * The one check every amount or rate input passes: a plain decimal string, a whole number of the unit
 * (`decimals` digits at most, never rounded on the way in), non-negative, and within `max`.
 * Zeros written past the unit change nothing and are taken: `"0.010"` is exactly 0.01, a whole number of cents
 * (`"0.015"` is not). What counts is the value, not how many digits the client happened to write.
 * Throws `InputError(field)` naming the bound that was broken; returns the exact value.
 */
export function validAmount(field: string, value: string, bounds: AmountBounds): Decimal {
  if (!isDecimalString(value)) {
    throw new InputError(field, `${field} must be a decimal string such as "12.50"`);
  }
  const unit = ` ${bounds.unit}`;
  const amount = new Decimal(value);
  // decimal.js counts the places of the value, not of the text: trailing zeros are not among them.
  if (amount.decimalPlaces() > bounds.decimals) {
    throw new InputError(field, `${field} allows at most ${bounds.decimals} decimals${unit}`);
  }
  const tooSmall = amount.isNegative() || (amount.isZero() && !bounds.allowZero);
  if (tooSmall || amount.greaterThan(bounds.max)) {
    const largest = bounds.max.toDecimalPlaces(bounds.decimals, Decimal.ROUND_DOWN).toFixed(bounds.decimals);
    const range = bounds.allowZero ? `between 0 and ${largest}` : `above 0 and at most ${largest}`;
    throw new InputError(field, `${field} must be ${range}${unit}`);
  }
  return amount;
}
