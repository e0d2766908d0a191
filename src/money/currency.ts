/**
 * ISO 4217 currencies, as known to the runtime's Intl data: the list and each currency's minor unit
 * (2 for USD/EUR, 0 for JPY, 3 for KWD) come from the ecosystem instead of a hand-kept table.
 */
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

const minorUnitCache = new Map<string, number>();

/** Digits after the decimal point of the currency's minor unit. */
export function minorUnitsOf(currency: string): number {
  let units = minorUnitCache.get(currency);
  if (units === undefined) {
    units =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    minorUnitCache.set(currency, units);
  }
  return units;
}
