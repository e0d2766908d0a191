import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrderViews } from '../../src/orders/persistence/order-list.ts';
import { readOrderViews } from '../../src/orders/persistence/read-order-views.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { orderIn, perform, type Till } from '../support/lifecycle.ts';
import { ApplyDiscount, CreateDiscount } from '../support/lifecycle-operations.ts';
import { AddItem } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;
let till: Till;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Burger: '12.50', Cola: '3.45' });
  await setRates(stack.url, stack.adminToken, '8.5', '2.25');
  till = { url: stack.url, staffToken: stack.staffToken, productId: products.Burger as string };
});

afterAll(async () => {
  await stack?.close();
});

/** A draft with two lines (one with notes), a percentage discount and a renamed-free product name. */
async function discountedDraft(): Promise<string> {
  const { order, customerToken } = await newOrder(stack.url);
  for (const [name, quantity, notes] of [
    ['Burger', 2, 'no onions'],
    ['Cola', 3, undefined],
  ] as const) {
    await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products[name] as string, quantity, notes } },
      customerToken,
    );
  }
  const { createDiscount } = await must(
    stack.url,
    CreateDiscount,
    { input: { code: 'VIEWS15', kind: 'PERCENT', value: '15' } },
    stack.adminToken,
  );
  if (createDiscount.__typename !== 'Discount') throw new Error(JSON.stringify(createDiscount));
  await must(stack.url, ApplyDiscount, { orderId: order.id, code: 'VIEWS15' }, customerToken);
  return order.id;
}

describe('order views read without the ORM', () => {
  it('equal the views built from entities, for orders with lines, discounts, payments and history', async () => {
    const ids = [
      await discountedDraft(),
      await orderIn(till, 'VALIDATED', 2),
      await orderIn(till, 'READY', 1),
      await orderIn(till, 'INVOICED', 3),
      await orderIn(till, 'CANCELLED', 1),
    ];
    const paidThenCancelled = await orderIn(till, 'PAID', 1);
    expect((await perform(till, paidThenCancelled, 'cancel')).typename).toBe('Order');
    ids.push(paidThenCancelled);

    const { db } = stack.app.services;
    const fromEntities = await db.read((em) => loadOrderViews(em, ids));
    const fromRows = await db.read((em) => readOrderViews(em, ids));
    const byId = <T extends { id: string }>(views: readonly T[]) =>
      [...views].sort((a, b) => a.id.localeCompare(b.id));

    expect(fromRows).toHaveLength(ids.length);
    expect(byId(fromRows)).toEqual(byId(fromEntities));
    // The orders really carry what the comparison is about.
    const views = new Map(fromRows.map((view) => [view.id, view]));
    expect(views.get(ids[0] as string)?.discount?.code).toBe('VIEWS15');
    expect(views.get(ids[0] as string)?.items.map((item) => item.notes)).toContain('no onions');
    expect(views.get(ids[3] as string)?.invoiceNumber).not.toBeNull();
    expect(views.get(paidThenCancelled)?.payments.map((payment) => payment.kind)).toEqual([
      'PAYMENT',
      'REFUND',
    ]);
    expect(views.get(ids[2] as string)?.statusHistory.length).toBe(4);

    // Re-pricing writes `updated_at = now()` (microseconds) set-based: both reads truncate it alike.
    await setRates(stack.url, stack.adminToken, '9.5', '2.25');
    const open = ids.slice(0, 2);
    const repriced = await db.read((em) => readOrderViews(em, open));
    expect(byId(repriced)).toEqual(byId(await db.read((em) => loadOrderViews(em, open))));
    expect(repriced.map((view) => view.taxRatePercent)).toEqual(['9.5', '9.5']);
  });

  it('leaves out ids that name no order', async () => {
    const id = await orderIn(till, 'DRAFT', 1);
    const views = await stack.app.services.db.read((em) =>
      readOrderViews(em, [id, '00000000-0000-4000-8000-000000000000']),
    );
    expect(views.map((view) => view.id)).toEqual([id]);
  });
});
