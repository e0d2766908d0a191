import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.ts';
import { type OrderDiscount, type PricingInput, priceOrder } from '../../src/orders/domain/pricing.ts';

type Line = [unitPrice: string, quantity: number];

interface Case {
  name: string;
  lines: Line[];
  tax: string;
  surcharge: string;
  discount?: OrderDiscount;
  minorUnits?: number;
  expected: { subtotal: string; discountTotal: string; surcharge: string; tax: string; total: string };
}

const d = (value: string) => new Decimal(value);

const cases: Case[] = [
  {
    name: 'an empty order costs nothing',
    lines: [],
    tax: '8.875',
    surcharge: '10',
    expected: { subtotal: '0.00', discountTotal: '0.00', surcharge: '0.00', tax: '0.00', total: '0.00' },
  },
  {
    name: '0 % rates leave the subtotal untouched',
    lines: [['12.50', 2]],
    tax: '0',
    surcharge: '0',
    expected: { subtotal: '25.00', discountTotal: '0.00', surcharge: '0.00', tax: '0.00', total: '25.00' },
  },
  {
    name: 'a 3-decimal tax rate rounds half-up once, at order level',
    // 10.00 × 8.875 % = 0.8875 → 0.89
    lines: [['10.00', 1]],
    tax: '8.875',
    surcharge: '0',
    expected: { subtotal: '10.00', discountTotal: '0.00', surcharge: '0.00', tax: '0.89', total: '10.89' },
  },
  {
    name: 'an exact half cent rounds away from zero',
    // 0.50 × 1 % = 0.005 → 0.01
    lines: [['0.50', 1]],
    tax: '1',
    surcharge: '0',
    expected: { subtotal: '0.50', discountTotal: '0.00', surcharge: '0.00', tax: '0.01', total: '0.51' },
  },
  {
    name: 'just below a half cent rounds down',
    // 0.49 × 1 % = 0.0049 → 0.00
    lines: [['0.49', 1]],
    tax: '1',
    surcharge: '0',
    expected: { subtotal: '0.49', discountTotal: '0.00', surcharge: '0.00', tax: '0.00', total: '0.49' },
  },
  {
    name: 'tax applies to net plus surcharge',
    // net 35.35; surcharge 2.5 % = 0.88375 → 0.88; tax 8.875 % of 36.23 = 3.2154125 → 3.22
    lines: [
      ['12.50', 2],
      ['3.45', 3],
    ],
    tax: '8.875',
    surcharge: '2.5',
    expected: { subtotal: '35.35', discountTotal: '0.00', surcharge: '0.88', tax: '3.22', total: '39.45' },
  },
  {
    name: 'rounding per component, not per line',
    // three lines of 0.10 at 5 %: per line 0.005 would round to 0.01 each (0.03); per order 0.015 → 0.02
    lines: [
      ['0.10', 1],
      ['0.10', 1],
      ['0.10', 1],
    ],
    tax: '5',
    surcharge: '0',
    expected: { subtotal: '0.30', discountTotal: '0.00', surcharge: '0.00', tax: '0.02', total: '0.32' },
  },
  {
    name: 'a percent discount is rounded and comes off before surcharge and tax',
    // 19.99 × 15 % = 2.9985 → 3.00; net 16.99; surcharge 10 % = 1.699 → 1.70; tax 20 % of 18.69 = 3.738 → 3.74
    lines: [['19.99', 1]],
    tax: '20',
    surcharge: '10',
    discount: { kind: 'PERCENT', percent: d('15') },
    expected: { subtotal: '19.99', discountTotal: '3.00', surcharge: '1.70', tax: '3.74', total: '22.43' },
  },
  {
    name: 'a fixed discount never exceeds the subtotal',
    lines: [['4.00', 1]],
    tax: '10',
    surcharge: '0',
    discount: { kind: 'FIXED', amount: d('5.00') },
    expected: { subtotal: '4.00', discountTotal: '4.00', surcharge: '0.00', tax: '0.00', total: '0.00' },
  },
  {
    name: 'a currency without minor units rounds to whole units',
    // JPY: 1,234 × 3 = 3,702; 8 % = 296.16 → 296
    lines: [['1234', 3]],
    tax: '8',
    surcharge: '0',
    minorUnits: 0,
    expected: { subtotal: '3702', discountTotal: '0', surcharge: '0', tax: '296', total: '3998' },
  },
  {
    name: 'a three-digit currency rounds to thousandths',
    // KWD: 1.255 × 7 % = 0.08785 → 0.088
    lines: [['1.255', 1]],
    tax: '7',
    surcharge: '0',
    minorUnits: 3,
    expected: { subtotal: '1.255', discountTotal: '0.000', surcharge: '0.000', tax: '0.088', total: '1.343' },
  },
  {
    name: 'large quantities stay exact',
    // 999,999.99 × 1,000,000 = 999,999,990,000.00; 100 % tax doubles it
    lines: [['999999.99', 1_000_000]],
    tax: '100',
    surcharge: '0',
    expected: {
      subtotal: '999999990000.00',
      discountTotal: '0.00',
      surcharge: '0.00',
      tax: '999999990000.00',
      total: '1999999980000.00',
    },
  },
];

function price(testCase: Case) {
  const input: PricingInput = {
    lines: testCase.lines.map(([unitPrice, quantity]) => ({ unitPrice: d(unitPrice), quantity })),
    discount: testCase.discount ?? null,
    taxRatePercent: d(testCase.tax),
    surchargePercent: d(testCase.surcharge),
    minorUnits: testCase.minorUnits ?? 2,
  };
  const totals = priceOrder(input);
  const units = input.minorUnits;
  return {
    subtotal: totals.subtotal.toFixed(units),
    discountTotal: totals.discountTotal.toFixed(units),
    surcharge: totals.surcharge.toFixed(units),
    tax: totals.tax.toFixed(units),
    total: totals.total.toFixed(units),
  };
}

describe('priceOrder', () => {
  it.each(cases)('$name', (testCase) => {
    expect(price(testCase)).toEqual(testCase.expected);
  });

  it('prices many lines as the sum of their line totals', () => {
    const lines = Array.from({ length: 1000 }, (_, index) => ({
      unitPrice: d('0.01').times(index + 1),
      quantity: 3,
    }));
    const totals = priceOrder({ lines, taxRatePercent: d('0'), surchargePercent: d('0'), minorUnits: 2 });
    // Σ 0.01·i·3 for i = 1..1000 = 0.03 · 500,500 = 15,015.00
    expect(totals.subtotal.toFixed(2)).toBe('15015.00');
    expect(totals.lineTotals).toHaveLength(1000);
  });

  it('keeps every component consistent: total = net + surcharge + tax', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const lines = Array.from({ length: (seed % 7) + 1 }, (_, index) => ({
        unitPrice: d(String((seed * 37 + index * 101) % 10_000)).dividedBy(100),
        quantity: ((seed + index) % 5) + 1,
      }));
      const totals = priceOrder({
        lines,
        taxRatePercent: d(`${seed % 25}.${seed % 1000}`),
        surchargePercent: d(`${seed % 13}.${(seed * 7) % 1000}`),
        minorUnits: 2,
      });
      expect(totals.total.equals(totals.net.plus(totals.surcharge).plus(totals.tax))).toBe(true);
      expect(totals.tax.decimalPlaces()).toBeLessThanOrEqual(2);
      expect(totals.surcharge.decimalPlaces()).toBeLessThanOrEqual(2);
    }
  });
});
