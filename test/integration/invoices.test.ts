import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProducts } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { orderIn, type Till } from '../support/lifecycle.ts';
import { InvoiceOrder } from '../support/lifecycle-operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** Runs `task` over `items` with at most `width` in flight. */
async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map(task))));
  }
  return results;
}

let stack: TestStack;
let till: Till;
let doneOrderIds: string[];

beforeAll(async () => {
  stack = await startStack();
  const products = await seedProducts(stack.url, stack.adminToken, { Tea: '2.00' });
  till = { url: stack.url, staffToken: stack.staffToken, productId: products.Tea! };
  // Fifty orders walked through the real API to DONE: the bulk of this file's time, so it is setup.
  doneOrderIds = await inBatches(Array.from({ length: 50 }), 25, () => orderIn(till, 'DONE'));
});

afterAll(async () => {
  await stack?.close();
});

describe('invoice numbers', () => {
  it('gives 50 concurrent invoiceOrder calls 50 distinct consecutive numbers', async () => {
    const results = await Promise.all(
      doneOrderIds.map((orderId) => must(stack.url, InvoiceOrder, { orderId }, stack.staffToken)),
    );
    const numbers = results.map(({ invoiceOrder }) => {
      if (invoiceOrder.__typename !== 'Order') throw new Error(JSON.stringify(invoiceOrder));
      expect(invoiceOrder.status).toBe('INVOICED');
      return invoiceOrder.invoiceNumber ?? Number.NaN;
    });
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    expect(sorted).toEqual(Array.from({ length: 50 }, (_, index) => sorted[0]! + index));
    expect(sorted[0]).toBe(1);
  });
});
