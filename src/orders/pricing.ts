import { Decimal, roundHalfUp } from '../money/decimal.ts';

/**
 * The only place order totals are computed (DESIGN.md, "Order totals"). Pure: no ORM, no I/O.
 * Rounding is half-up to the currency's minor unit, applied once per component at order level.
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
  return Decimal.min(discount.amount, subtotal);
}

export function priceOrder(input: PricingInput): OrderTotals {
  const { minorUnits } = input;
  const lineTotals = input.lines.map((line) => line.unitPrice.times(line.quantity));
  const subtotal = lineTotals.reduce((sum, lineTotal) => sum.plus(lineTotal), new Decimal(0));
  const discountTotal = discountOf(subtotal, input.discount, minorUnits);
  const net = subtotal.minus(discountTotal);
  const surcharge = percentOf(net, input.surchargePercent, minorUnits);
  const tax = percentOf(net.plus(surcharge), input.taxRatePercent, minorUnits);
  const total = net.plus(surcharge).plus(tax);
  return { lineTotals, subtotal, discountTotal, net, surcharge, tax, total };
}
