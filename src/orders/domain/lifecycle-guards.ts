import {
  EmptyOrderError,
  type OrderLineProblem,
  OutOfStockError,
  UnavailableProductError,
} from '../../errors.ts';
import { Decimal } from '../../money/decimal.ts';
import type { TransitionGuard } from './order-lifecycle.ts';

/** What the guards look at, as plain values: guards are pure and unit-testable. */
export interface GuardFacts {
  lines: readonly {
    productId: string;
    name: string;
    quantity: number;
    available: boolean;
    trackStock: boolean;
    stock: number | null;
  }[];
  amountPaid: string;
  total: string;
  /** The settings pricing version the order was priced with, and the current one. */
  pricingVersion: number;
  currentPricingVersion: number;
}

/** Quantity per product (one product may sit on several lines, e.g. with different notes). */
function demandByProduct(facts: GuardFacts): OrderLineProblem[] {
  const demand = new Map<string, OrderLineProblem>();
  for (const line of facts.lines) {
    const entry = demand.get(line.productId);
    if (entry) entry.requested += line.quantity;
    else
      demand.set(line.productId, {
        productId: line.productId,
        name: line.name,
        requested: line.quantity,
        inStock: line.trackStock ? (line.stock ?? 0) : null,
      });
  }
  return [...demand.values()];
}

const CHECKS: Record<TransitionGuard, (facts: GuardFacts) => void> = {
  hasItems: (facts) => {
    if (facts.lines.length === 0) throw new EmptyOrderError();
  },
  productsAvailable: (facts) => {
    const unavailable = facts.lines.filter((line) => !line.available);
    if (unavailable.length) {
      throw new UnavailableProductError(
        demandByProduct({ ...facts, lines: unavailable }).map((line) => ({ ...line })),
      );
    }
  },
  stockCovers: (facts) => {
    const short = demandByProduct(facts).filter(
      (line) => line.inStock !== null && line.requested > line.inStock,
    );
    if (short.length) throw new OutOfStockError(short);
  },
  pricedOnCurrentTerms: (facts) => {
    if (facts.pricingVersion !== facts.currentPricingVersion) {
      throw new Error(
        `invariant: order priced with settings pricing version ${facts.pricingVersion}, current is ${facts.currentPricingVersion}`,
      );
    }
  },
  paymentsCoverTotal: (facts) => {
    if (new Decimal(facts.amountPaid).lt(facts.total)) {
      throw new Error('invariant: PAID requires payments covering the total');
    }
  },
};

/** Throws the first failing guard's typed error. */
export function checkGuards(facts: GuardFacts, guards: readonly TransitionGuard[]): void {
  for (const guard of guards) CHECKS[guard](facts);
}
