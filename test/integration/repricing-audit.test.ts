import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LatestPriceChanges,
  OrderTimeline,
  PriceChangeRepricings,
  SettingsChangeRepricings,
} from '../support/audit-operations.ts';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import { ValidateOrder } from '../support/lifecycle-operations.ts';
import { AddItem, UpdateProduct } from '../support/operations.ts';
import { postQuery } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

const MAX_PAGE_SIZE = 4;

let stack: TestStack;
let soup: string;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) } });
  ({ Soup: soup } = (await seedProducts(stack.url, stack.adminToken, { Soup: '10.00' })) as { Soup: string });
  await setRates(stack.url, stack.adminToken, '8', '0');
});

afterAll(async () => {
  await stack?.close();
});

/** A DRAFT order holding one soup: 10.00 + 8 % tax = 10.80 while the rates are 8 % and 0 %. */
async function soupOrder(): Promise<{ id: string; number: number; customerToken: string }> {
  const { order, customerToken } = await newOrder(stack.url, stack.staffToken);
  await must(
    stack.url,
    AddItem,
    { input: { orderId: order.id, productId: soup, quantity: 1 } },
    stack.staffToken,
  );
  // The shop's number is staff-only: read it as staff.
  const read = await postQuery(
    stack.url,
    `{ order(id: "${order.id}") { number } }`,
    undefined,
    stack.staffToken,
  );
  const number = (read.json?.data as { order?: { number: number } } | undefined)?.order?.number ?? 0;
  return { id: order.id, number, customerToken };
}

type RepricedPage = Awaited<ReturnType<typeof latestSettingsChange>>['repricedOrders'];

async function latestSettingsChange(args: {
  first?: number;
  last?: number;
  after?: string;
  before?: string;
}) {
  const { settingsHistory } = await must(stack.url, SettingsChangeRepricings, args, stack.staffToken);
  const [change] = settingsHistory.nodes;
  if (!change) throw new Error('no settings change');
  return change;
}

describe('the re-pricing audit', () => {
  it("pages through a settings change's re-priced orders with their totals before and after", async () => {
    const open = await Promise.all(Array.from({ length: 7 }, () => soupOrder()));
    const paid = await soupOrder();
    await queryDatabase(stack.database.url, `update customer_order set status = 'PAID' where id = $1`, [
      paid.id,
    ]);

    await setRates(stack.url, stack.adminToken, '9.5', '0');

    const first = await latestSettingsChange({ first: 3 });
    expect(first.field).toBe('taxRatePercent');
    expect(first.priceChange).toMatchObject({
      kind: 'SETTINGS',
      summary: 'tax 8 % → 9.5 %',
      ordersRepriced: 7,
    });

    const forward: RepricedPage['edges'] = [];
    let page: RepricedPage = first.repricedOrders;
    for (;;) {
      expect(page.edges.length).toBeLessThanOrEqual(3);
      expect(page.pageInfo.hasPreviousPage).toBe(forward.length > 0);
      forward.push(...page.edges);
      if (!page.pageInfo.hasNextPage) break;
      page = (await latestSettingsChange({ first: 3, after: page.pageInfo.endCursor ?? undefined }))
        .repricedOrders;
    }
    expect(forward.map((edge) => edge.node.orderId).sort()).toEqual(open.map((order) => order.id).sort());
    expect(forward.map((edge) => edge.node.orderNumber).sort()).toEqual(
      open.map((order) => order.number).sort(),
    );
    for (const { node } of forward) {
      expect(node).toMatchObject({
        currency: 'USD',
        oldTotal: '10.80',
        newTotal: '10.95',
        oldTaxRatePercent: '8',
        newTaxRatePercent: '9.5',
        oldSurchargePercent: '0',
        newSurchargePercent: '0',
      });
    }

    const backward: RepricedPage['edges'] = [];
    let before: string | undefined;
    do {
      page = (await latestSettingsChange({ last: 2, before })).repricedOrders;
      backward.unshift(...page.edges);
      before = page.pageInfo.startCursor ?? undefined;
    } while (page.pageInfo.hasPreviousPage);
    expect(backward.map((edge) => edge.node.orderId)).toEqual(forward.map((edge) => edge.node.orderId));
  });

  it('bounds the page size and refuses a cursor of another change', async () => {
    const tooMany = await request(
      stack.url,
      SettingsChangeRepricings,
      { first: MAX_PAGE_SIZE + 1 },
      stack.staffToken,
    );
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'first' });

    const older = await latestSettingsChange({ first: 1 });
    const cursor = older.repricedOrders.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    await setRates(stack.url, stack.adminToken, '9.5', '1');
    const foreign = await request(
      stack.url,
      SettingsChangeRepricings,
      { first: 1, after: cursor },
      stack.staffToken,
    );
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'after' });
    await setRates(stack.url, stack.adminToken, '8', '0');
  });

  it("writes each re-pricing on the order's timeline, naming the totals, what changed and the change", async () => {
    const order = await soupOrder();
    await setRates(stack.url, stack.adminToken, '9.5', '0');
    const taxChange = (await latestSettingsChange({ first: 0 })).priceChange?.number;
    const updated = await must(
      stack.url,
      UpdateProduct,
      { input: { id: soup, price: '12.00' } },
      stack.adminToken,
    );
    expect(updated.updateProduct.__typename).toBe('Product');
    const latest = await must(stack.url, LatestPriceChanges, { first: 1 }, stack.staffToken);
    const [priceChange] = latest.priceChanges.nodes;
    expect(priceChange).toMatchObject({ kind: 'PRODUCT_PRICE', summary: 'Soup 10.00 → 12.00' });
    const validated = await must(stack.url, ValidateOrder, { orderId: order.id }, stack.staffToken);
    expect(validated.validateOrder.__typename).toBe('Order');

    const { order: read } = await must(stack.url, OrderTimeline, { id: order.id }, stack.staffToken);
    expect(read?.timeline).toEqual([
      { kind: 'CREATED', actor: 'test-staff', text: 'created by test-staff', priceChangeNumber: null },
      {
        kind: 'REPRICED',
        actor: 'test-admin',
        text: `re-priced 10.80 → 10.95: tax 8 % → 9.5 %, change #${taxChange} by test-admin`,
        priceChangeNumber: taxChange,
      },
      {
        kind: 'REPRICED',
        actor: 'test-admin',
        // 12.00 + 9.5 % tax (1.14) = 13.14
        text: `re-priced 10.95 → 13.14: Soup 10.00 → 12.00, change #${priceChange?.number} by test-admin`,
        priceChangeNumber: priceChange?.number,
      },
      {
        kind: 'STATUS_CHANGED',
        actor: 'test-staff',
        text: 'DRAFT → VALIDATED by test-staff',
        priceChangeNumber: null,
      },
    ]);

    // Every open order holds soup: the change re-priced more orders than one page holds.
    const edges: RepricedPage['edges'] = [];
    let after: string | undefined;
    for (;;) {
      const { priceChange: productChange } = await must(
        stack.url,
        PriceChangeRepricings,
        { number: priceChange?.number ?? 0, first: MAX_PAGE_SIZE, after },
        stack.staffToken,
      );
      expect(productChange).toMatchObject({ kind: 'PRODUCT_PRICE', actor: 'test-admin', productId: soup });
      edges.push(...(productChange?.repricedOrders.edges ?? []));
      if (!productChange?.repricedOrders.pageInfo.hasNextPage) break;
      after = productChange.repricedOrders.pageInfo.endCursor ?? undefined;
    }
    expect(edges.length).toBeGreaterThan(MAX_PAGE_SIZE);
    expect(edges.find((edge) => edge.node.orderId === order.id)?.node).toMatchObject({
      oldTotal: '10.95',
      newTotal: '13.14',
      oldTaxRatePercent: '9.5',
      newTaxRatePercent: '9.5',
    });
  });

  it('lets staff read the audit and refuses it to the order’s customer', async () => {
    const order = await soupOrder();
    const asCustomer = await request(stack.url, OrderTimeline, { id: order.id }, order.customerToken);
    expect(asCustomer.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
      ['FORBIDDEN', ['order', 'timeline']],
    ]);
    const changes = await request(stack.url, LatestPriceChanges, { first: 1 }, order.customerToken);
    expect(changes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await request(stack.url, PriceChangeRepricings, { number: 1, first: 1 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const asStaff = await must(stack.url, OrderTimeline, { id: order.id }, stack.staffToken);
    expect(asStaff.order?.timeline.map((entry) => entry.kind)).toEqual(['CREATED']);
  });
});
