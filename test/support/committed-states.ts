import { Decimal } from '../../src/money/decimal.ts';

/** The part of an order every consistency check needs: its version, its subtotal and its lines. */
export interface PricedOrder {
  id: string;
  version: number;
  subtotal: string;
  items: readonly { lineTotal: string }[];
}

/** True when `order` could not come from any commit: its subtotal disagrees with the sum of its lines. */
export function isTorn(order: PricedOrder): boolean {
  const lines = order.items.reduce((sum, item) => sum.plus(item.lineTotal), new Decimal(0));
  return !lines.eq(order.subtotal);
}

/**
 * Every committed state of the orders a test writes, keyed by order and version, as the mutations that
 * committed them answered (a mutation answers with the view its transaction committed). A value observed
 * anywhere — a subscription frame, a query answer — was really committed when it equals the recorded state
 * of its version.
 */
export class CommittedStates<T extends PricedOrder> {
  readonly #states = new Map<string, T>();

  record(order: T): void {
    this.#states.set(`${order.id}@${order.version}`, order);
  }

  get(id: string, version: number): T | undefined {
    return this.#states.get(`${id}@${version}`);
  }

  /**
   * The observed values that no recorded commit produced: torn ones, unknown versions, or content that
   * differs from the state committed under the same version. Each comes with the reason.
   */
  uncommitted(observed: readonly T[]): { value: T; reason: string }[] {
    const wrong: { value: T; reason: string }[] = [];
    for (const value of observed) {
      const committed = this.get(value.id, value.version);
      if (isTorn(value)) wrong.push({ value, reason: 'subtotal differs from the sum of its lines' });
      else if (!committed) wrong.push({ value, reason: 'no recorded commit has this version' });
      else if (JSON.stringify(sorted(committed)) !== JSON.stringify(sorted(value)))
        wrong.push({ value, reason: `differs from the committed state ${JSON.stringify(committed)}` });
    }
    return wrong;
  }
}

/** A JSON-comparable copy with object keys in a fixed order (answers and frames may order fields apart). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    const { __typename: _, ...fields } = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(fields)
        .sort()
        .map((key) => [key, sorted(fields[key])]),
    );
  }
  return value;
}
