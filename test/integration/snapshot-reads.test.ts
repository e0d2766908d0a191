import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.ts';
import { graphql } from '../gql/index.ts';
import { addLine, newOrder, seedProducts } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { OrderQuery, SetItemQuantity } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** The orders list with the fields that must agree within one order: its totals and its lines. */
const OrdersWithLines = graphql(`
  query OrdersWithLines($first: Int) {
    orders(first: $first) {
      nodes {
        id
        version
        subtotal
        items {
          quantity
          lineTotal
        }
      }
    }
  }
`);

interface Priced {
  version: number;
  subtotal: string;
  items: readonly { quantity: number; lineTotal: string }[];
}

/** A value no single commit produced: its subtotal disagrees with its lines. */
function isTorn(order: Priced): boolean {
  const lines = order.items.reduce((sum, item) => sum.plus(item.lineTotal), new Decimal(0));
  return !lines.eq(order.subtotal);
}

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, {
    Coffee: '3.10',
    Bagel: '2.45',
    Juice: '4.05',
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('snapshot reads', () => {
  it('answers order(id) and orders with a state one commit produced while one order is rewritten', async () => {
    const { order } = await newOrder(stack.url, stack.staffToken);
    const lineIds: string[] = [];
    for (const name of ['Coffee', 'Bagel', 'Juice']) {
      const added = await addLine(
        stack.url,
        { orderId: order.id, productId: products[name]!, quantity: 1 },
        stack.staffToken,
      );
      lineIds.push(added.items.at(-1)!.id);
    }

    let writing = true;
    const writers = Array.from({ length: 3 }, async (_, writer) => {
      for (let round = 0; writing && round < 400; round++) {
        // Each edit changes one line and the order's totals in one commit.
        await must(
          stack.url,
          SetItemQuantity,
          { input: { itemId: lineIds[(writer + round) % 3]!, quantity: 1 + ((writer * 7 + round) % 9) } },
          stack.staffToken,
        );
      }
    });
    const answers: Priced[] = [];
    const readers = Array.from({ length: 3 }, async (_, reader) => {
      for (let round = 0; round < 80; round++) {
        if (reader % 2 === 0) {
          const answer = (await must(stack.url, OrderQuery, { id: order.id }, stack.staffToken)).order;
          if (answer) answers.push(answer);
        } else {
          const page = await must(stack.url, OrdersWithLines, { first: 5 }, stack.staffToken);
          for (const node of page.orders.nodes) if (node.id === order.id) answers.push(node);
        }
      }
    });
    await Promise.all(readers);
    writing = false;
    await Promise.all(writers);

    expect(answers.length).toBeGreaterThan(200);
    const versions = new Set(answers.map((answer) => answer.version));
    // The reads really overlapped the writes: they saw many different commits.
    expect(versions.size).toBeGreaterThan(10);
    expect(answers.filter(isTorn)).toEqual([]);
  }, 180_000);
});
