import { describe, expect, it } from 'vitest';
import { discountProblem } from '../../src/discounts/discount-rules.ts';
import { OrderStateError } from '../../src/errors.ts';
import { checkGuards, type GuardFacts } from '../../src/orders/domain/lifecycle-guards.ts';
import { boardWants, toOrderEvent } from '../../src/orders/domain/order-event.ts';
import {
  allowedNextStatuses,
  ORDER_ACTIONS,
  type OrderAction,
  TRANSITIONS,
  transitionFor,
} from '../../src/orders/domain/order-lifecycle.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../src/orders/domain/order-status.ts';
import type { OrderView } from '../../src/orders/domain/order-view.ts';

/** The lifecycle of docs/architecture.md, written out independently of the table under test. */
const EXPECTED: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  DRAFT: { validate: 'VALIDATED', cancel: 'CANCELLED' },
  VALIDATED: { pay: 'PAID', cancel: 'CANCELLED' },
  PAID: { startPreparing: 'PREPARING', cancel: 'CANCELLED' },
  PREPARING: { markReady: 'READY', cancel: 'CANCELLED' },
  READY: { complete: 'DONE', cancel: 'CANCELLED' },
  DONE: { invoice: 'INVOICED' },
  INVOICED: {},
  CANCELLED: {},
};

const pairs = ORDER_STATUSES.flatMap((status) => ORDER_ACTIONS.map((action) => [status, action] as const));

describe('the order transition table', () => {
  it.each(pairs)(
    'from %s, %s goes where docs/architecture.md says or is refused naming the allowed statuses',
    (status, action) => {
      const expected = EXPECTED[status][action];
      if (expected) {
        expect(transitionFor(status, action).to).toBe(expected);
        return;
      }
      let error: unknown;
      try {
        transitionFor(status, action);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(OrderStateError);
      expect((error as OrderStateError).status).toBe(status);
      expect([...(error as OrderStateError).allowed].sort()).toEqual(Object.values(EXPECTED[status]).sort());
    },
  );

  it('lets nothing leave DONE but invoicing, and nothing leave INVOICED or CANCELLED', () => {
    expect(allowedNextStatuses('DONE')).toEqual(['INVOICED']);
    expect(allowedNextStatuses('INVOICED')).toEqual([]);
    expect(allowedNextStatuses('CANCELLED')).toEqual([]);
  });
});

const facts = (lines: Partial<GuardFacts['lines'][number]>[]): GuardFacts => ({
  lines: lines.map((line, index) => ({
    productId: line.productId ?? `p${index}`,
    name: line.name ?? `Product ${index}`,
    quantity: line.quantity ?? 1,
    available: line.available ?? true,
    trackStock: line.trackStock ?? false,
    stock: line.stock ?? null,
  })),
  amountPaid: '0',
  total: '0',
  pricingVersion: 3,
  currentPricingVersion: 3,
});

describe('transition guards', () => {
  it('refuses an empty order', () => {
    expect(() => checkGuards(facts([]), ['hasItems'])).toThrow(/at least one item/);
  });

  it('names unavailable products', () => {
    expect(() => checkGuards(facts([{ name: 'Soup', available: false }, {}]), ['productsAvailable'])).toThrow(
      /not available: Soup/,
    );
  });

  it('adds up one product over several lines before comparing with its stock', () => {
    const twoLines = facts([
      { productId: 'cake', name: 'Cake', quantity: 2, trackStock: true, stock: 3 },
      { productId: 'cake', name: 'Cake', quantity: 2, trackStock: true, stock: 3 },
    ]);
    expect(() => checkGuards(twoLines, ['stockCovers'])).toThrow(/not enough stock for Cake/);
    expect(() => checkGuards(facts([{ quantity: 50 }]), ['stockCovers'])).not.toThrow();
  });

  it('refuses to let an order priced on superseded settings be validated or paid', () => {
    for (const action of ['validate', 'pay'] as const) {
      expect(TRANSITIONS[action].guards).toContain('pricedOnCurrentTerms');
    }
    expect(() => checkGuards(facts([{}]), ['pricedOnCurrentTerms'])).not.toThrow();
    expect(() =>
      checkGuards({ ...facts([{}]), pricingVersion: 2, currentPricingVersion: 3 }, ['pricedOnCurrentTerms']),
    ).toThrow(/priced with settings pricing version 2, current is 3/);
  });
});

const view = (status: OrderStatus) => ({ id: 'o1', version: 2, status }) as OrderView;

describe('order events on the live board', () => {
  it('names creation, status moves and plain updates', () => {
    expect(toOrderEvent(view('DRAFT'), { created: true, previousStatus: null }).type).toBe('CREATED');
    expect(toOrderEvent(view('PAID'), { created: false, previousStatus: 'VALIDATED' })).toMatchObject({
      type: 'STATUS_CHANGED',
      previousStatus: 'VALIDATED',
    });
    expect(toOrderEvent(view('DRAFT'), { created: false, previousStatus: 'DRAFT' }).type).toBe('UPDATED');
    expect(toOrderEvent(view('DRAFT'), undefined).type).toBe('UPDATED');
  });

  it('delivers the event that moves an order out of the filter, and nothing unrelated', () => {
    const kitchen: OrderStatus[] = ['PAID', 'PREPARING', 'READY'];
    const done = toOrderEvent(view('DONE'), { created: false, previousStatus: 'READY' });
    const invoiced = toOrderEvent(view('INVOICED'), { created: false, previousStatus: 'DONE' });
    expect(boardWants(done, kitchen)).toBe(true);
    expect(boardWants(invoiced, kitchen)).toBe(false);
    expect(boardWants(invoiced, null)).toBe(true);
  });
});

describe('discount usability', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const base = { active: true, validFrom: null, validUntil: null, usageLimit: null, usedCount: 0 };
  it.each([
    ['an active unlimited code', base, null],
    ['an inactive code', { ...base, active: false }, 'INACTIVE'],
    [
      'a code whose window has not opened',
      { ...base, validFrom: new Date('2026-06-02T00:00:00Z') },
      'NOT_YET_VALID',
    ],
    ['a code whose window closed', { ...base, validUntil: new Date('2026-06-01T12:00:00Z') }, 'EXPIRED'],
    ['a code at its usage limit', { ...base, usageLimit: 2, usedCount: 2 }, 'EXHAUSTED'],
    ['a code below its usage limit', { ...base, usageLimit: 2, usedCount: 1 }, null],
  ] as const)('judges %s', (_name, discount, problem) => {
    expect(discountProblem(discount, now)).toBe(problem);
  });
});
