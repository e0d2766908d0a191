import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { validAmount } from '../../src/money/amount-rules.ts';
import {
  MAX_ORDER_TOTAL,
  MAX_ORDER_UNITS,
  MAX_RATE_PERCENT,
  MAX_UNIT_PRICE,
  MONEY_COLUMN_MAX,
} from '../../src/money/bounds.ts';
import { Decimal } from '../../src/money/decimal.ts';
import { type OrderDiscount, priceOrder } from '../../src/orders/domain/pricing.ts';

/** A whole number of minor units between 0 and `max`, as a Decimal. */
const amount = (max: Decimal, minorUnits: number) =>
  fc
    .bigInt({
      min: 0n,
      max: BigInt(
        max
          .times(10 ** minorUnits)
          .floor()
          .toFixed(0),
      ),
    })
    .map((units) => new Decimal(units.toString()).dividedBy(10 ** minorUnits));

const rate = fc
  .integer({ min: 0, max: 100_000 })
  .map((thousandths) => new Decimal(thousandths).dividedBy(1000));

/** Quantities of up to 20 lines whose sum stays within the order bound. */
const quantities = fc
  .array(fc.integer({ min: 1, max: MAX_ORDER_UNITS }), { minLength: 0, maxLength: 20 })
  .map((list) => {
    const kept: number[] = [];
    let units = 0;
    for (const quantity of list) {
      if (units + quantity > MAX_ORDER_UNITS) break;
      kept.push(quantity);
      units += quantity;
    }
    return kept;
  });

const order = fc.integer({ min: 0, max: 3 }).chain((minorUnits) =>
  fc.record({
    minorUnits: fc.constant(minorUnits),
    lines: quantities.chain((list) =>
      fc.tuple(
        ...list.map((quantity) =>
          amount(MAX_UNIT_PRICE, minorUnits).map((unitPrice) => ({ unitPrice, quantity })),
        ),
      ),
    ),
    taxRatePercent: rate,
    surchargePercent: rate,
    discount: fc.option(
      fc.oneof(
        rate.map((percent): OrderDiscount => ({ kind: 'PERCENT', percent })),
        amount(MAX_UNIT_PRICE.times(MAX_ORDER_UNITS), minorUnits).map(
          (value): OrderDiscount => ({ kind: 'FIXED', amount: value }),
        ),
      ),
    ),
  }),
);

const onGrid = (value: Decimal, minorUnits: number) => value.decimalPlaces() <= minorUnits;

describe('money bounds', () => {
  it('derive from the columns: the largest order at the largest rates fits numeric(14,3)', () => {
    const totals = priceOrder({
      lines: [{ unitPrice: MAX_UNIT_PRICE, quantity: MAX_ORDER_UNITS }],
      taxRatePercent: MAX_RATE_PERCENT,
      surchargePercent: MAX_RATE_PERCENT,
      minorUnits: 3,
    });
    expect(totals.total.equals(MAX_ORDER_TOTAL)).toBe(true);
    expect(totals.total.lessThanOrEqualTo(MONEY_COLUMN_MAX)).toBe(true);
  });

  it('keep every priced amount a whole number of minor units and within the order bound', () => {
    fc.assert(
      fc.property(order, (input) => {
        const totals = priceOrder(input);
        const amounts = [
          ...totals.unitPrices,
          ...totals.lineTotals,
          totals.subtotal,
          totals.discountTotal,
          totals.surcharge,
          totals.tax,
          totals.total,
        ];
        for (const value of amounts) {
          expect(onGrid(value, input.minorUnits)).toBe(true);
          expect(value.isNegative()).toBe(false);
        }
        expect(totals.total.lessThanOrEqualTo(MAX_ORDER_TOTAL)).toBe(true);
        expect(totals.total.equals(totals.net.plus(totals.surcharge).plus(totals.tax))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('validAmount', () => {
  const bounds = { decimals: 2, max: new Decimal('100'), allowZero: false, unit: 'in USD' };
  it.each([
    ['0.01', '0.01'],
    ['100', '100'],
    ['100.00', '100'],
    ['12.5', '12.5'],
    // Zeros past the minor unit change nothing: the value is still a whole number of cents.
    ['0.010', '0.01'],
    ['100.000', '100'],
    ['12.500000000000000', '12.5'],
  ])('accepts %s', (value, expected) => {
    expect(validAmount('amount', value, bounds).toString()).toBe(expected);
  });

  it.each([
    [0, '12.000', '12'],
    [0, '12.5', undefined],
    [0, '12.50', undefined],
    [3, '8.8750', '8.875'],
    [3, '8.87501', undefined],
    [3, '8.875000000000000', '8.875'],
  ] as const)(
    'with %i decimals takes %s as %s (a whole number of the unit or nothing)',
    (decimals, value, taken) => {
      const read = () => validAmount('value', value, { ...bounds, decimals, max: new Decimal('100') });
      if (taken === undefined) expect(read).toThrow(`at most ${decimals} decimals`);
      else expect(read().toString()).toBe(taken);
    },
  );

  it.each([
    ['0', 'above 0 and at most 100.00 in USD'],
    ['0.00', 'above 0 and at most 100.00 in USD'],
    ['0.005', 'at most 2 decimals in USD'],
    ['0.0050', 'at most 2 decimals in USD'],
    ['100.01', 'above 0 and at most 100.00 in USD'],
    ['-1', 'above 0 and at most 100.00 in USD'],
    ['1e2', 'decimal string'],
    ['', 'decimal string'],
  ])('refuses %j naming the field and the bound', (value, message) => {
    const refusal = (() => {
      try {
        validAmount('amount', value, bounds);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(InputError);
    expect(refusal).toMatchObject({ field: 'amount' });
    expect((refusal as Error).message).toContain(message);
  });

  it('shows the largest accepted value without rounding it up', () => {
    expect(() =>
      validAmount('price', '10000000', { decimals: 2, max: MAX_UNIT_PRICE, allowZero: true, unit: 'in USD' }),
    ).toThrow('between 0 and 9999999.99');
  });
});
