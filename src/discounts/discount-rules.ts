import { type DiscountProblem, InputError } from '../errors.ts';
import { validAmount } from '../money/amount-rules.ts';
import { MAX_RATE_PERCENT, MAX_SUBTOTAL, RATE_DECIMALS } from '../money/bounds.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { Decimal, toMoneyString, toStored } from '../money/decimal.ts';
import type { DiscountKind } from './discount.entity.ts';

/** What makes a code unusable at `now`, or null when it may be applied. Pure. */
export function discountProblem(
  discount: {
    active: boolean;
    validFrom?: Date | null;
    validUntil?: Date | null;
    usageLimit?: number | null;
    usedCount: number;
  },
  now: Date,
): DiscountProblem | null {
  if (!discount.active) return 'INACTIVE';
  if (discount.validFrom && discount.validFrom > now) return 'NOT_YET_VALID';
  if (discount.validUntil && discount.validUntil <= now) return 'EXPIRED';
  if (discount.usageLimit != null && discount.usedCount >= discount.usageLimit) return 'EXHAUSTED';
  return null;
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

/** Codes are compared case-insensitively: stored and looked up upper-case. */
export function normalisedCode(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!CODE.test(upper)) {
    throw new InputError('code', 'code must be 1-64 characters of letters, digits, "-" or "_"');
  }
  return upper;
}

export interface DiscountDraft {
  code: string;
  kind: DiscountKind;
  value: string;
  active?: boolean | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  usageLimit?: number | null;
}

/**
 * Bounds of a new discount code; returns it normalised. A PERCENT value is a rate (0 < value ≤ 100, at most 3
 * decimals); a FIXED value is an amount in `currency`: a whole number of its minor units, above 0 and at most
 * the largest subtotal an order can reach.
 */
export function validDiscountDraft(draft: DiscountDraft, currency: string): DiscountDraft & { code: string } {
  const code = normalisedCode(draft.code);
  const value =
    draft.kind === 'PERCENT'
      ? validAmount('value', draft.value, {
          decimals: RATE_DECIMALS,
          max: MAX_RATE_PERCENT,
          allowZero: false,
          unit: 'percent',
        })
      : validAmount('value', draft.value, {
          decimals: minorUnitsOf(currency),
          max: MAX_SUBTOTAL,
          allowZero: false,
          unit: `in ${currency}`,
        });
  if (draft.usageLimit != null && (!Number.isInteger(draft.usageLimit) || draft.usageLimit < 1)) {
    throw new InputError('usageLimit', 'usageLimit must be a positive integer');
  }
  if (draft.validFrom && draft.validUntil && draft.validUntil <= draft.validFrom) {
    throw new InputError('validUntil', 'validUntil must be after validFrom');
  }
  return { ...draft, code, value: toStored(value) };
}

/**
 * A discount's value as the API shows it: a FIXED amount in the currency's minor units (`"5.00"` in USD, like
 * every amount), a PERCENT rate as the plain number it is (`"12.5"`).
 */
export function shownDiscountValue(kind: DiscountKind, value: string, minorUnits: number): string {
  return kind === 'FIXED' ? toMoneyString(value, minorUnits) : new Decimal(value).toString();
}
