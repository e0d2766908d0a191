import { describe, expect, it } from 'vitest';
import {
  type RecordedRepricing,
  type RecordedTransition,
  repricingText,
  toTimeline,
} from '../../src/orders/domain/order-timeline.ts';

function repricing(overrides: Partial<RecordedRepricing> = {}): RecordedRepricing {
  return {
    id: 1,
    at: new Date('2026-11-30T10:00:00Z'),
    currency: 'USD',
    oldTotal: '10.000',
    newTotal: '10.950',
    change: { id: 42, actor: 'admin', summary: 'tax 8 % → 9.5 %' },
    ...overrides,
  };
}

describe('repricingText', () => {
  const cases: [name: string, repricing: RecordedRepricing, text: string][] = [
    [
      'names the totals, what changed and the change',
      repricing(),
      're-priced 10.00 → 10.95: tax 8 % → 9.5 %, change #42 by admin',
    ],
    [
      'shows a product price change as its summary',
      repricing({ change: { id: 7, actor: 'till-admin', summary: 'Burger 12.50 → 13.00' } }),
      're-priced 10.00 → 10.95: Burger 12.50 → 13.00, change #7 by till-admin',
    ],
    [
      'keeps the decimals of a total from before a change to a currency with fewer',
      repricing({
        currency: 'JPY',
        oldTotal: '10.950',
        newTotal: '1432.000',
        change: { id: 3, actor: 'admin', summary: 'currency USD → JPY' },
      }),
      're-priced 10.95 → 1432: currency USD → JPY, change #3 by admin',
    ],
  ];
  it.each(cases)('%s', (_name, given, text) => {
    expect(repricingText(given)).toBe(text);
  });
});

describe('toTimeline', () => {
  const created = { createdAt: new Date('2026-11-30T09:00:00Z'), createdBy: 'till-1' };
  const validated: RecordedTransition = {
    id: 'b',
    fromStatus: 'DRAFT',
    toStatus: 'VALIDATED',
    actor: 'till-1',
    at: new Date('2026-11-30T10:00:00Z'),
  };
  const cancelled: RecordedTransition = {
    id: 'c',
    fromStatus: 'VALIDATED',
    toStatus: 'CANCELLED',
    actor: 'manager',
    reason: 'customer left',
    at: new Date('2026-11-30T11:00:00Z'),
  };

  it('lists creation, status changes and re-pricings oldest first; a tie keeps that kind order', () => {
    const timeline = toTimeline(created, [cancelled, validated], [repricing()]);
    expect(timeline.map((entry) => [entry.kind, entry.text, entry.priceChangeId])).toEqual([
      ['CREATED', 'created by till-1', null],
      ['STATUS_CHANGED', 'DRAFT → VALIDATED by till-1', null],
      ['REPRICED', 're-priced 10.00 → 10.95: tax 8 % → 9.5 %, change #42 by admin', 42],
      ['STATUS_CHANGED', 'VALIDATED → CANCELLED by manager: customer left', null],
    ]);
    expect(timeline[2]).toMatchObject({ actor: 'admin', at: '2026-11-30T10:00:00.000Z' });
  });

  it('orders re-pricings at one instant by their audit row', () => {
    const at = new Date('2026-11-30T10:00:00Z');
    const timeline = toTimeline(
      created,
      [],
      [
        repricing({ id: 10, at, change: { id: 5, actor: 'admin', summary: 'b' } }),
        repricing({ id: 9, at, change: { id: 4, actor: 'admin', summary: 'a' } }),
      ],
    );
    expect(timeline.map((entry) => entry.priceChangeId)).toEqual([null, 4, 5]);
  });
});
