import type { Limits } from '../config.ts';
import { InputError } from '../errors.ts';
import { validAmount } from '../money/amount-rules.ts';
import { MAX_UNIT_PRICE } from '../money/bounds.ts';
import { toStored } from '../money/decimal.ts';

const MAX_STOCK = 1_000_000_000;

/** Longest category or product name (characters): the width of their `name` columns. */
export const MAX_NAME_LENGTH = 200;

export function validName(field: string, value: string, limits: Limits): string {
  const name = value.trim();
  if (name.length === 0) throw new InputError(field, `${field} must not be empty`);
  const maxLength = Math.min(MAX_NAME_LENGTH, limits.maxStringLength);
  if (name.length > maxLength)
    throw new InputError(field, `${field} must be at most ${maxLength} characters`);
  return name;
}

/**
 * A unit price: non-negative, a whole number of the currency's minor units and at most `MAX_UNIT_PRICE`
 * (money/bounds.ts), so that no order holding it can overflow whatever the rates become.
 */
export function validPrice(field: string, value: string, currency: string, minorUnits: number): string {
  return toStored(
    validAmount(field, value, {
      decimals: minorUnits,
      max: MAX_UNIT_PRICE,
      allowZero: true,
      unit: `in ${currency}`,
    }),
  );
}

export function validStock(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_STOCK) {
    throw new InputError(field, `${field} must be an integer between 0 and ${MAX_STOCK}`);
  }
  return value;
}
