import { newOrder } from './fixtures.ts';
import { must } from './graphql.ts';
import { type Action, perform } from './lifecycle.ts';
import { AddItem } from './operations.ts';

/** Orders with several lines for the browser tests, driven through the lifecycle by `lifecycle.ts`. */

export interface Line {
  productId: string;
  quantity: number;
  notes?: string;
}

/** One staff transition over HTTP on `url`, as a till or another kitchen screen would send it. */
export async function advance(url: string, staffToken: string, orderId: string, action: Action) {
  const result = await perform({ url, staffToken, productId: '' }, orderId, action);
  if (result.typename !== 'Order') throw new Error(`${action} failed: ${JSON.stringify(result)}`);
}

/** A new order with the given lines, validated and paid in full through `url`. */
export async function paidOrder(url: string, staffToken: string, lines: readonly Line[]) {
  const { order, customerToken } = await newOrder(url);
  for (const line of lines) {
    await must(url, AddItem, { input: { orderId: order.id, ...line } }, customerToken);
  }
  await advance(url, staffToken, order.id, 'validate');
  await advance(url, staffToken, order.id, 'pay');
  return { order, customerToken };
}
