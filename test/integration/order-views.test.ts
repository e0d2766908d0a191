import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrderViews } from '../../src/orders/persistence/order-list.ts';
import { readOrderView, readOrderViews } from '../../src/orders/persistence/read-order-views.ts';
import { repriceBatch } from '../../src/orders/repricing/repricing-batch.ts';
import { readPricingTerms } from '../../src/settings/pricing-terms.ts';
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
async function discountedDraft(code = 'VIEWS15'): Promise<string> {
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
    { input: { code, kind: 'PERCENT', value: '15' } },
    stack.adminToken,
  );
  if (createDiscount.__typename !== 'Discount') throw new Error(JSON.stringify(createDiscount));
  await must(stack.url, ApplyDiscount, { orderId: order.id, code }, customerToken);
  return order.id;
}

function byId<T extends { id: string }>(views: readonly T[]): T[] {
  return [...views].sort((a, b) => a.id.localeCompare(b.id));
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

    expect(fromRows).toHaveLength(ids.length);
    expect(byId(fromRows)).toEqual(byId(fromEntities));
    // The one-statement read (a subscription's snapshot) builds the same view from its aggregated lists.
    for (const view of fromEntities) {
      expect(await db.readStatement((em) => readOrderView(em, view.id))).toEqual(view);
    }
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
    const missing = await stack.app.services.db.readStatement((em) =>
      readOrderView(em, '00000000-0000-4000-8000-000000000000'),
    );
    expect(missing).toBeNull();
  });

  it('a re-pricing batch publishes exactly what a read of its own writes gives', async () => {
    const ids = [await discountedDraft('VIEWS20'), await orderIn(till, 'VALIDATED', 2)];
    const { db } = stack.app.services;
    // Terms and a price changed behind the API's back, so the batch below is the only writer; rolled back at the end.
    const rolledBack = new Error('rolled back on purpose');
    const outcome = db.transaction(async (em) => {
      const connection = em.getConnection();
      const context = em.getTransactionContext();
      await connection.execute(
        `update settings set tax_rate_percent = 11.25, surcharge_percent = 0.5,
           pricing_version = pricing_version + 1`,
        [],
        'run',
        context,
      );
      await connection.execute(
        'update product set price = 13.75 where id = ?',
        [products.Burger],
        'run',
        context,
      );
      const [change] = await connection.execute<{ id: number }[]>(
        `insert into price_change (kind, actor, at, summary, orders_repriced)
         values ('SETTINGS', 'test', now(), 'tax', 0) returning id`,
        [],
        'all',
        context,
      );
      const terms = await readPricingTerms(em);
      const batch = await repriceBatch(em, {
        stale: { kind: 'SETTINGS', pricingVersion: terms.pricingVersion },
        terms,
        changeId: change?.id as number,
        afterId: '00000000-0000-0000-0000-000000000000',
        size: 10_000,
        skipLocked: false,
      });
      const reread = await readOrderViews(em, batch.repriced);
      expect(batch.repriced).toEqual(expect.arrayContaining(ids));
      expect(byId(batch.views)).toEqual(byId(reread));
      expect(batch.views.find((view) => view.id === ids[0])).toMatchObject({
        taxRatePercent: '11.25',
        surchargePercent: '0.5',
        discount: { code: 'VIEWS20' },
      });
      expect(batch.views.find((view) => view.id === ids[1])?.items[0]?.unitPrice).toBe('13.75');
      throw rolledBack;
    });
    await expect(outcome).rejects.toBe(rolledBack);
  });
});
