/**
 * Money arrives as exact decimal strings ("12.50"). `Intl.NumberFormat.format` takes the string as a decimal
 * (ECMA-402 "exact decimal" strings), so no amount is ever turned into a binary float on its way to the screen.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function pageLocale(): string | undefined {
  return navigator.languages?.[0] ?? navigator.language;
}

export function formatMoney(amount: string, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat(pageLocale(), { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(amount as Intl.StringNumericLiteral);
}

/** A percentage such as "8.875" as the reader's locale writes it ("8.875%"), without float rounding. */
export function formatPercent(rate: string): string {
  return `${new Intl.NumberFormat(pageLocale(), { maximumFractionDigits: 3 }).format(rate as Intl.StringNumericLiteral)}%`;
}

/** "0", "0.00", "-0.000": decided on the string, like every other money decision on these pages. */
export function isZeroAmount(amount: string): boolean {
  return /^[-+]?0*(\.0*)?$/.test(amount.trim());
}
