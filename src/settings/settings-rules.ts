import { InputError } from '../errors.ts';
import { validAmount } from '../money/amount-rules.ts';
import { MAX_RATE_PERCENT, RATE_DECIMALS } from '../money/bounds.ts';
import { isKnownCurrency } from '../money/currency.ts';

/** Card terminal integrations the tills know how to drive. */
export const TERMINAL_PROVIDERS = ['NONE', 'SUMUP', 'STRIPE_TERMINAL', 'ADYEN', 'SQUARE'] as const;

export interface SettingsPatch {
  taxRatePercent?: string | null;
  surchargePercent?: string | null;
  currency?: string | null;
  terminalProvider?: string | null;
}

/** The validated, normalised form of a patch: only the fields that were given. */
export interface ValidSettingsPatch {
  taxRatePercent?: string;
  surchargePercent?: string;
  currency?: string;
  terminalProvider?: string;
}

/** A percentage between 0 and 100 with at most three decimals (e.g. 8.875), as its canonical string. */
export function validRate(field: string, value: string): string {
  return validAmount(field, value, {
    decimals: RATE_DECIMALS,
    max: MAX_RATE_PERCENT,
    allowZero: true,
    unit: 'percent',
  }).toString();
}

export function validateSettingsPatch(patch: SettingsPatch): ValidSettingsPatch {
  const valid: ValidSettingsPatch = {};
  if (patch.taxRatePercent != null) valid.taxRatePercent = validRate('taxRatePercent', patch.taxRatePercent);
  if (patch.surchargePercent != null)
    valid.surchargePercent = validRate('surchargePercent', patch.surchargePercent);
  if (patch.currency != null) {
    const currency = patch.currency.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
      throw new InputError('currency', 'currency must be an ISO 4217 code such as "EUR"');
    }
    valid.currency = currency;
  }
  if (patch.terminalProvider != null) {
    if (!(TERMINAL_PROVIDERS as readonly string[]).includes(patch.terminalProvider)) {
      throw new InputError(
        'terminalProvider',
        `terminalProvider must be one of ${TERMINAL_PROVIDERS.join(', ')}`,
      );
    }
    valid.terminalProvider = patch.terminalProvider;
  }
  return valid;
}
