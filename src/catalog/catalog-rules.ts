import type { Limits } from '../config.ts';
import { InputError } from '../errors.ts';
import { Decimal, isDecimalString, scaleOf, toStored } from '../money/decimal.ts';

const MAX_PRICE = new Decimal('1000000000');
const MAX_STOCK = 1_000_000_000;

export function validName(field: string, value: string, limits: Limits): string {
  const name = value.trim();
  if (name.length === 0) throw new InputError(field, `${field} must not be empty`);
  if (name.length > Math.min(200, limits.maxStringLength)) {
    throw new InputError(
      field,
      `${field} must be at most ${Math.min(200, limits.maxStringLength)} characters`,
    );
  }
  return name;
}

/** A price is non-negative, below one billion and expressed in the currency's minor unit. */
export function validPrice(field: string, value: string, minorUnits: number): string {
  if (!isDecimalString(value))
    throw new InputError(field, `${field} must be a decimal string such as "12.50"`);
  if (scaleOf(value) > minorUnits)
    throw new InputError(field, `${field} allows at most ${minorUnits} decimals`);
  const price = new Decimal(value);
  if (price.isNegative()) throw new InputError(field, `${field} must not be negative`);
  if (price.greaterThanOrEqualTo(MAX_PRICE))
    throw new InputError(field, `${field} must be below ${MAX_PRICE}`);
  return toStored(price);
}

export function validStock(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_STOCK) {
    throw new InputError(field, `${field} must be an integer between 0 and ${MAX_STOCK}`);
  }
  return value;
}
