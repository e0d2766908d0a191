import { type DiscountProblem, InputError } from '../errors.ts';
import { Decimal, isDecimalString, scaleOf } from '../money/decimal.ts';
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

/** Bounds of a new discount code; returns it normalised. */
export function validDiscountDraft(draft: DiscountDraft): DiscountDraft & { code: string } {
  const code = normalisedCode(draft.code);
  if (!isDecimalString(draft.value) || scaleOf(draft.value) > 3 || new Decimal(draft.value).lte(0)) {
    throw new InputError('value', 'value must be a positive decimal with at most 3 decimals');
  }
  if (draft.kind === 'PERCENT' && new Decimal(draft.value).gt(100)) {
    throw new InputError('value', 'a percent discount is at most 100');
  }
  if (draft.usageLimit != null && (!Number.isInteger(draft.usageLimit) || draft.usageLimit < 1)) {
    throw new InputError('usageLimit', 'usageLimit must be a positive integer');
  }
  if (draft.validFrom && draft.validUntil && draft.validUntil <= draft.validFrom) {
    throw new InputError('validUntil', 'validUntil must be after validFrom');
  }
  return { ...draft, code };
}
