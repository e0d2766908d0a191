import { Decimal, roundHalfUp } from '../../money/decimal.ts';

/**
 * The only place order totals are computed (docs/architecture.md, "Order totals"). Pure: no ORM, no I/O.
 *
 * Every amount it returns is a whole number of the currency's minor units, so what an order shows, stores and
 * asks to be paid is one value. The steps, in order:
 * 1. each unit price and a FIXED discount are taken at the minor unit (inputs are validated to be exact there;
 *    rounding half-up here only guards values stored before that rule);
 * 2. line total = unit price × quantity, subtotal = sum of line totals (exact);
 * 3. discount = PERCENT of the subtotal rounded half-up, or the FIXED amount, never more than the subtotal;
 * 4. net = subtotal − discount; surcharge = surcharge rate × net, rounded half-up;
 * 5. tax = tax rate × (net + surcharge), rounded half-up; total = net + surcharge + tax.
 * "Half-up" rounds an exact half away from zero (0.005 → 0.01).
 */
export interface PricedLineInput {
  /** Price of one unit, already expressed in the currency's minor unit. */
  unitPrice: Decimal;
  quantity: number;
}

export type OrderDiscount = { kind: 'PERCENT'; percent: Decimal } | { kind: 'FIXED'; amount: Decimal };

export interface PricingInput {
  lines: readonly PricedLineInput[];
  discount?: OrderDiscount | null;
  taxRatePercent: Decimal;
  surchargePercent: Decimal;
  /** Digits of the currency's minor unit (2 for EUR, 0 for JPY). */
  minorUnits: number;
}

export interface OrderTotals {
  /** The unit price of each line, at the minor unit. */
  unitPrices: Decimal[];
  lineTotals: Decimal[];
  subtotal: Decimal;
  discountTotal: Decimal;
  net: Decimal;
  surcharge: Decimal;
  tax: Decimal;
  total: Decimal;
}

const HUNDRED = new Decimal(100);

function percentOf(amount: Decimal, percent: Decimal, minorUnits: number): Decimal {
  return roundHalfUp(amount.times(percent).dividedBy(HUNDRED), minorUnits);
}

function discountOf(
  subtotal: Decimal,
  discount: OrderDiscount | null | undefined,
  minorUnits: number,
): Decimal {
  if (!discount) return new Decimal(0);
  if (discount.kind === 'PERCENT') return percentOf(subtotal, discount.percent, minorUnits);
  return Decimal.min(roundHalfUp(discount.amount, minorUnits), subtotal);
}

export function priceOrder(input: PricingInput): OrderTotals {
  const { minorUnits } = input;
  const unitPrices = input.lines.map((line) => roundHalfUp(line.unitPrice, minorUnits));
  const lineTotals = input.lines.map((line) => roundHalfUp(line.unitPrice, minorUnits).times(line.quantity));
  const subtotal = lineTotals.reduce((sum, lineTotal) => sum.plus(lineTotal), new Decimal(0));
  const discountTotal = discountOf(subtotal, input.discount, minorUnits);
  const net = subtotal.minus(discountTotal);
  const surcharge = percentOf(net, input.surchargePercent, minorUnits);
  const tax = percentOf(net.plus(surcharge), input.taxRatePercent, minorUnits);
  const total = net.plus(surcharge).plus(tax);
  return { unitPrices, lineTotals, subtotal, discountTotal, net, surcharge, tax, total };
}
