import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatestPriceChanges, OrderTimeline, PriceChangeRepricings } from '../support/audit-operations.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import { lockOrder, waitForRow } from '../support/open-orders.ts';
import { AddItem, UpdateProduct, UpdateSettings } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

/**
 * A till's edit of an order a price change made stale re-prices it before the change's batch reaches it; that
 * re-pricing is audited like a batch's: on the order's timeline and in the change's re-priced orders, once.
 */

let stack: TestStack;
let tea: string;

beforeAll(async () => {
  stack = await startStack();
  ({ Tea: tea } = (await seedProducts(stack.url, stack.adminToken, { Tea: '4.00' })) as { Tea: string });
  await setRates(stack.url, stack.adminToken, '8', '0');
});

afterAll(async () => {
  await stack?.close();
});

async function addTea(orderId: string) {
  return must(stack.url, AddItem, { input: { orderId, productId: tea, quantity: 1 } }, stack.staffToken);
}

/** Two DRAFT orders holding one tea each (4.00 + 8 % = 4.32), the first with the lower id. */
async function twoTeaOrders(): Promise<[string, string]> {
  const ids: string[] = [];
  for (let index = 0; index < 2; index++) {
    const { order } = await newOrder(stack.url, stack.staffToken);
    await addTea(order.id);
    ids.push(order.id);
  }
  // UUIDs order as their lowercase text does: the batches lock in this order.
  ids.sort();
  return [ids[0] as string, ids[1] as string];
}

/**
 * Runs `change` with the batches held off `target`: both orders are row-locked while the first pass (which
 * passes over locked orders) runs; once the second pass waits for `early`, `target` is let go and `edit` runs
 * on it through the API. Then the batch goes on and the change's answer is awaited.
 */
async function editWhileBatchWaits(
  early: string,
  target: string,
  change: () => Promise<unknown>,
  edit: () => Promise<unknown>,
): Promise<void> {
  const heldEarly = await lockOrder(stack.database.url, early);
  const heldTarget = await lockOrder(stack.database.url, target);
  let targetHeld = true;
  let answered: Promise<unknown> | undefined;
  try {
    answered = change();
    await waitForRow<{ waiting: string }>(
      stack.database.url,
      `select count(*) as waiting from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and query like '%for update of o%'`,
      (row) => Number(row?.waiting) === 1,
    );
    targetHeld = false;
    await heldTarget.release();
    await edit();
  } finally {
    if (targetHeld) await heldTarget.release();
    await heldEarly.release();
  }
  await answered;
}

/** Every order change `number` re-priced, paging to the end. */
async function repricedBy(number: number) {
  const nodes = [];
  let after: string | undefined;
  for (;;) {
    const { priceChange } = await must(
      stack.url,
      PriceChangeRepricings,
      { number, first: 100, after },
      stack.staffToken,
    );
    if (!priceChange) throw new Error(`no price change #${number}`);
    nodes.push(...priceChange.repricedOrders.edges.map((edge) => edge.node));
    if (!priceChange.repricedOrders.pageInfo.hasNextPage)
      return { ordersRepriced: priceChange.ordersRepriced, nodes };
    after = priceChange.repricedOrders.pageInfo.endCursor ?? undefined;
  }
}

async function repricings(orderId: string) {
  const { order } = await must(stack.url, OrderTimeline, { id: orderId }, stack.staffToken);
  return (order?.timeline ?? []).filter((entry) => entry.kind === 'REPRICED');
}

/** The newest price change's number. */
async function latestChange(): Promise<number> {
  const { priceChanges } = await must(stack.url, LatestPriceChanges, { first: 1 }, stack.staffToken);
  const [change] = priceChanges.nodes;
  if (!change) throw new Error('no price change');
  return change.number;
}

describe('re-pricing by a till’s edit', () => {
  it('audits an order a settings change made stale and a till edited before the batch reached it', async () => {
    const [early, target] = await twoTeaOrders();

    await editWhileBatchWaits(
      early,
      target,
      () => request(stack.url, UpdateSettings, { input: { taxRatePercent: '7' } }, stack.adminToken),
      async () => {
        // 2 teas at 7 %: 8.00 + 0.56
        const edited = await addTea(target);
        expect(edited.addItem).toMatchObject({ taxRatePercent: '7', total: '8.56' });
      },
    );

    const change = await latestChange();
    // Re-priced 4.32 → 4.28 by the new terms, before the tea the till added.
    expect(await repricings(target)).toEqual([
      {
        kind: 'REPRICED',
        actor: 'test-admin',
        text: `re-priced 4.32 → 4.28: tax 8 % → 7 %, change #${change} by test-admin`,
        priceChangeNumber: change,
      },
    ]);
    const { ordersRepriced, nodes } = await repricedBy(change);
    expect(nodes.filter((node) => node.orderId === target)).toEqual([
      expect.objectContaining({
        oldTotal: '4.32',
        newTotal: '4.28',
        oldTaxRatePercent: '8',
        newTaxRatePercent: '7',
      }),
    ]);
    expect(nodes.filter((node) => node.orderId === early)).toHaveLength(1);
    expect(ordersRepriced).toBe(nodes.length);
  });

  it('audits an order a product price change made stale and a till edited before the batch reached it', async () => {
    const [early, target] = await twoTeaOrders();

    await editWhileBatchWaits(
      early,
      target,
      () => request(stack.url, UpdateProduct, { input: { id: tea, price: '5.00' } }, stack.adminToken),
      async () => {
        // 2 teas at 5.00 and 7 %: 10.00 + 0.70
        const edited = await addTea(target);
        expect(edited.addItem).toMatchObject({ total: '10.70' });
      },
    );

    const change = await latestChange();
    expect(await repricings(target)).toEqual([
      {
        kind: 'REPRICED',
        actor: 'test-admin',
        // 5.00 + 7 % = 5.35
        text: `re-priced 4.28 → 5.35: Tea 4.00 → 5.00, change #${change} by test-admin`,
        priceChangeNumber: change,
      },
    ]);
    const { ordersRepriced, nodes } = await repricedBy(change);
    expect(nodes.filter((node) => node.orderId === target)).toEqual([
      expect.objectContaining({ oldTotal: '4.28', newTotal: '5.35' }),
    ]);
    expect(nodes.filter((node) => node.orderId === early)).toHaveLength(1);
    expect(ordersRepriced).toBe(nodes.length);
  });
});
