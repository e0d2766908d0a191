import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.ts';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { perform } from '../support/lifecycle.ts';
import {
  ApplyDiscount,
  CreateDiscount,
  LifecycleOrder,
  LiveOrders,
  RecordPayment,
  ValidateOrder,
} from '../support/lifecycle-operations.ts';
import {
  AddItem,
  CreateProduct,
  SetItemQuantity,
  UpdateProduct,
  UpdateSettings,
} from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** Amounts are whole minor units within the documented bounds, on every path that accepts or computes one. */

let stack: TestStack;
let products: Record<string, string>;
let categoryId: string;

/** Every row a rejected input might have touched. */
async function databaseState() {
  return queryDatabase(
    stack.database.url,
    `select (select json_agg(s) from settings s) as settings,
            (select json_agg(p order by p.id) from product p) as products,
            (select json_agg(d order by d.id) from discount d) as discounts,
            (select json_agg(o order by o.id) from customer_order o) as orders,
            (select json_agg(i order by i.id) from order_item i) as items,
            (select json_agg(p order by p.id) from payment p) as payments`,
  );
}

async function storedOrder(orderId: string) {
  const [row] = await queryDatabase<Record<string, string>>(
    stack.database.url,
    `select subtotal, discount_total, surcharge, tax, total, amount_paid, currency
       from customer_order where id = $1`,
    [orderId],
  );
  return row!;
}

async function shownOrder(orderId: string) {
  const { order } = await must(stack.url, LifecycleOrder, { id: orderId }, stack.staffToken);
  return order!;
}

/** What the API shows equals what is stored, digit for digit at the currency's minor unit. */
async function expectShownEqualsStored(orderId: string, minorUnits: number) {
  const shown = await shownOrder(orderId);
  const stored = await storedOrder(orderId);
  for (const [field, column] of [
    ['subtotal', 'subtotal'],
    ['discountTotal', 'discount_total'],
    ['surcharge', 'surcharge'],
    ['tax', 'tax'],
    ['total', 'total'],
    ['amountPaid', 'amount_paid'],
  ] as const) {
    // Exactly equal, not merely equal once rounded: nothing stored lies beyond the minor unit.
    expect(
      new Decimal(stored[column]!).equals(shown[field]),
      `${field} ${shown[field]} vs ${stored[column]}`,
    ).toBe(true);
    expect(shown[field]).toMatch(minorUnits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${minorUnits}}$`));
  }
}

function pay(orderId: string, amount: string, method: 'CASH' | 'CARD', key = `pay-${Math.random()}`) {
  return must(
    stack.url,
    RecordPayment,
    { input: { orderId, amount, method, idempotencyKey: key } },
    stack.staffToken,
  );
}

async function validatedOrder(productId: string, quantity: number, discountCode?: string): Promise<string> {
  const { order, customerToken } = await newOrder(stack.url);
  await must(stack.url, AddItem, { input: { orderId: order.id, productId, quantity } }, customerToken);
  if (discountCode) {
    const applied = await must(
      stack.url,
      ApplyDiscount,
      { orderId: order.id, code: discountCode },
      stack.staffToken,
    );
    expect(applied.applyDiscount.__typename).toBe('Order');
  }
  const validated = await must(stack.url, ValidateOrder, { orderId: order.id }, stack.staffToken);
  expect(validated.validateOrder.__typename).toBe('Order');
  return order.id;
}

beforeAll(async () => {
  // One line may hold every unit an order may hold, so the order-wide bound is the one tested.
  stack = await startStack({ env: { MAX_QUANTITY: '5000' } });
  products = await seedProducts(stack.url, stack.adminToken, {
    Ten: '10.00',
    One: '1.00',
    Max: '9999999.99',
    Three: '3.00',
  });
  [{ id: categoryId }] = (await queryDatabase<{ id: string }>(
    stack.database.url,
    'select id from category limit 1',
  )) as [{ id: string }];
  await setRates(stack.url, stack.adminToken, '0', '0');
});

afterAll(async () => {
  await stack?.close();
});

describe('amounts finer than the currency unit', () => {
  it('refuses a FIXED discount of 0.005 USD naming the field, and writes nothing', async () => {
    const before = await databaseState();
    const result = await must(
      stack.url,
      CreateDiscount,
      { input: { code: 'FIX005', kind: 'FIXED', value: '0.005' } },
      stack.adminToken,
    );
    expect(result.createDiscount).toMatchObject({ __typename: 'InputError', field: 'value' });
    expect(await databaseState()).toEqual(before);
  });

  it('settles a FIXED-discounted order by card for exactly the total it shows', async () => {
    const created = await must(
      stack.url,
      CreateDiscount,
      { input: { code: 'FIX001', kind: 'FIXED', value: '0.01' } },
      stack.adminToken,
    );
    expect(created.createDiscount.__typename).toBe('Discount');
    const orderId = await validatedOrder(products.Ten!, 1, 'FIX001');
    const shown = await shownOrder(orderId);
    expect(shown).toMatchObject({ discountTotal: '0.01', total: '9.99', balanceDue: '9.99' });
    await expectShownEqualsStored(orderId, 2);
    const paid = await pay(orderId, shown.total, 'CARD');
    expect(paid.recordPayment).toMatchObject({ order: { status: 'PAID', balanceDue: '0.00' } });
    expect(
      paid.recordPayment.__typename === 'RecordPaymentPayload' && paid.recordPayment.payment.changeDue,
    ).toBe('0.00');
  });
});

describe('zeros past the currency unit', () => {
  it.each([
    ['0.010', 'CASH', '0.99'],
    ['1.000', 'CARD', '0.00'],
  ] as const)(
    'take a payment of %s (%s) on a 1.00 order as the whole cents it is',
    async (amount, method, due) => {
      const orderId = await validatedOrder(products.One!, 1);
      const paid = await pay(orderId, amount, method);
      expect(paid.recordPayment).toMatchObject({
        __typename: 'RecordPaymentPayload',
        order: { balanceDue: due },
      });
      await expectShownEqualsStored(orderId, 2);
    },
  );
});

describe('amounts beyond the storage bounds', () => {
  it('refuses a unit price above the bound (999999999.99) naming the field', async () => {
    const before = await databaseState();
    for (const price of ['999999999.99', '10000000', '10000000.00']) {
      const result = await must(
        stack.url,
        CreateProduct,
        { input: { categoryId, name: `Huge ${price}`, price } },
        stack.adminToken,
      );
      expect(result.createProduct).toMatchObject({ __typename: 'InputError', field: 'price' });
    }
    expect(await databaseState()).toEqual(before);
  });

  it('refuses one unit over the order bound for a guest, and writes nothing', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const before = await databaseState();
    const result = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Max!, quantity: 2001 } },
      customerToken,
    );
    expect(result.addItem).toMatchObject({ __typename: 'InputError', field: 'quantity', code: 'BAD_INPUT' });
    expect(await databaseState()).toEqual(before);
  });

  it('keeps the largest order storable under the largest surcharge and tax, and any price change', async () => {
    const { order, customerToken } = await newOrder(stack.url);
    const added = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Max!, quantity: 1999 } },
      customerToken,
    );
    expect(added.addItem.__typename).toBe('Order');
    const over = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Max!, quantity: 2, notes: 'split' } },
      customerToken,
    );
    expect(over.addItem).toMatchObject({ __typename: 'InputError', field: 'quantity' });
    const atBound = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Max!, quantity: 1, notes: 'split' } },
      customerToken,
    );
    expect(atBound.addItem).toMatchObject({ __typename: 'Order', subtotal: '19999999980.00' });
    const itemId = atBound.addItem.__typename === 'Order' ? atBound.addItem.items[1]!.id : '';
    const raised = await must(stack.url, SetItemQuantity, { input: { itemId, quantity: 2 } }, customerToken);
    expect(raised.setItemQuantity).toMatchObject({ __typename: 'InputError', field: 'quantity' });

    for (const rates of [
      { taxRatePercent: '10' },
      { taxRatePercent: '100', surchargePercent: '100' },
      { taxRatePercent: '99.999', surchargePercent: '99.999' },
    ]) {
      const changed = await must(stack.url, UpdateSettings, { input: rates }, stack.adminToken);
      expect(changed.updateSettings.__typename).toBe('Settings');
      await expectShownEqualsStored(order.id, 2);
    }
    await setRates(stack.url, stack.adminToken, '100', '100');
    expect(await shownOrder(order.id)).toMatchObject({ total: '79999999920.00' });
    const repriced = await must(
      stack.url,
      UpdateProduct,
      { input: { id: products.Max!, price: '9999999.99' } },
      stack.adminToken,
    );
    expect(repriced.updateProduct.__typename).toBe('Product');
    await setRates(stack.url, stack.adminToken, '0', '0');
  });

  it.each([
    ['100000000000', 'CASH'],
    ['99999999999', 'CASH'],
    ['79999999992.01', 'CASH'],
    ['99999999999', 'CARD'],
  ] as const)(
    'refuses a payment of %s (%s) on a 1.00 order naming the field, and writes nothing',
    async (amount, method) => {
      const orderId = await validatedOrder(products.One!, 1);
      const before = await databaseState();
      const result = await pay(orderId, amount, method);
      expect(result.recordPayment).toMatchObject({ __typename: 'InputError', field: 'amount' });
      expect(await databaseState()).toEqual(before);
    },
  );

  it.each([
    ['100000000000', 'CASH', 'amount must be between 0 and 79999999992.00 in USD'],
    ['79999999992.01', 'CASH', 'amount must be between 0 and 79999999992.00 in USD'],
    ['99999999999', 'CARD', 'amount must be between 0 and 79999999992.00 in USD'],
    ['-1', 'CASH', 'amount must be between 0 and 79999999992.00 in USD'],
    ['1.001', 'CASH', 'amount allows at most 2 decimals in USD'],
    ['1.0001', 'CASH', 'amount allows at most 2 decimals in USD'],
  ] as const)(
    'states the bound a payment of %s (%s) broke in the order currency: "%s"',
    async (amount, method, message) => {
      const orderId = await validatedOrder(products.One!, 1);
      const result = await pay(orderId, amount, method);
      expect(result.recordPayment).toMatchObject({ __typename: 'InputError', field: 'amount', message });
    },
  );

  it('refuses a currency change that would show an amount other than the stored one', async () => {
    const before = await databaseState();
    const result = await must(stack.url, UpdateSettings, { input: { currency: 'JPY' } }, stack.adminToken);
    expect(result.updateSettings).toMatchObject({ __typename: 'InputError', field: 'currency' });
    expect(await databaseState()).toEqual(before);
  });
});

describe('every amount field', () => {
  type Outcome = 'accepted' | 'refused';
  const cases: [field: string, value: string, outcome: Outcome][] = [
    ['price', '0', 'accepted'],
    ['price', '0.01', 'accepted'],
    ['price', '9999999.99', 'accepted'],
    ['price', '0.001', 'refused'],
    ['price', '0.010', 'accepted'],
    ['price', '2.500000000000000', 'accepted'],
    ['price', '0.0010', 'refused'],
    ['price', '-0.01', 'refused'],
    ['price', '10000000.00', 'refused'],
    ['FIXED value', '0.01', 'accepted'],
    ['FIXED value', '19999999998.00', 'accepted'],
    ['FIXED value', '0', 'refused'],
    ['FIXED value', '0.009', 'refused'],
    ['FIXED value', '0.010', 'accepted'],
    ['FIXED value', '0.0090', 'refused'],
    ['FIXED value', '19999999998.01', 'refused'],
    ['PERCENT value', '0.001', 'accepted'],
    ['PERCENT value', '100', 'accepted'],
    ['PERCENT value', '0', 'refused'],
    ['PERCENT value', '0.0001', 'refused'],
    ['PERCENT value', '12.5000', 'accepted'],
    ['PERCENT value', '0.00010', 'refused'],
    ['PERCENT value', '100.001', 'refused'],
    ['taxRatePercent', '0', 'accepted'],
    ['taxRatePercent', '100.000', 'accepted'],
    ['taxRatePercent', '100.001', 'refused'],
    ['taxRatePercent', '8.8751', 'refused'],
    ['taxRatePercent', '8.8750', 'accepted'],
    ['taxRatePercent', '8.87510', 'refused'],
    ['surchargePercent', '99.999', 'accepted'],
    ['surchargePercent', '-0.001', 'refused'],
    ['surchargePercent', '99.9990', 'accepted'],
  ];
  let serial = 0;

  async function submit(field: string, value: string) {
    serial += 1;
    if (field === 'price') {
      const result = await must(
        stack.url,
        CreateProduct,
        { input: { categoryId, name: `Priced ${serial}`, price: value } },
        stack.adminToken,
      );
      const updated = await must(
        stack.url,
        UpdateProduct,
        { input: { id: products.Three!, price: value } },
        stack.adminToken,
      );
      expect(updated.updateProduct.__typename).toBe(
        result.createProduct.__typename === 'Product' ? 'Product' : 'InputError',
      );
      await must(
        stack.url,
        UpdateProduct,
        { input: { id: products.Three!, price: '3.00' } },
        stack.adminToken,
      );
      return result.createProduct;
    }
    if (field.endsWith(' value')) {
      const kind = field === 'FIXED value' ? 'FIXED' : 'PERCENT';
      const result = await must(
        stack.url,
        CreateDiscount,
        { input: { code: `BOUND${serial}`, kind, value } },
        stack.adminToken,
      );
      return result.createDiscount;
    }
    const result = await must(stack.url, UpdateSettings, { input: { [field]: value } }, stack.adminToken);
    await setRates(stack.url, stack.adminToken, '0', '0');
    return result.updateSettings;
  }

  it.each(cases)('%s %s is %s', async (field, value, outcome) => {
    const before = outcome === 'refused' ? await databaseState() : undefined;
    const result = await submit(field, value);
    if (outcome === 'accepted') {
      expect(result.__typename).not.toBe('InputError');
    } else {
      expect(result).toMatchObject({
        __typename: 'InputError',
        field: field.endsWith(' value') ? 'value' : field,
      });
      expect(await databaseState()).toEqual(before);
    }
  });

  it.each([
    [0, 'refused'],
    [-1, 'refused'],
    [2000, 'accepted'],
    [2001, 'refused'],
  ] as const)('a cart quantity of %i is %s, when added and when set', async (quantity, outcome) => {
    const { order, customerToken } = await newOrder(stack.url);
    const added = await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.One!, quantity } },
      customerToken,
    );
    expect(added.addItem.__typename).toBe(outcome === 'accepted' ? 'Order' : 'InputError');
    const other = await newOrder(stack.url);
    const seeded = await must(
      stack.url,
      AddItem,
      { input: { orderId: other.order.id, productId: products.Ten!, quantity: 1 } },
      other.customerToken,
    );
    if (seeded.addItem.__typename !== 'Order') throw new Error(JSON.stringify(seeded.addItem));
    const set = await must(
      stack.url,
      SetItemQuantity,
      { input: { itemId: seeded.addItem.items[0]!.id, quantity } },
      other.customerToken,
    );
    // Setting 0 removes the line; the other refusals are the same as when adding.
    expect(set.setItemQuantity.__typename).toBe(
      quantity === 0 || outcome === 'accepted' ? 'Order' : 'InputError',
    );
  });
});

describe('zero is an amount', () => {
  it.each([
    ['CASH', '0'],
    ['CARD', '0.00'],
  ] as const)('settles a zero balance with a %s payment of %s, taking stock once', async (method, amount) => {
    const stocked = await seedProducts(
      stack.url,
      stack.adminToken,
      { Stocked: '3.00' },
      { stock: { Stocked: 5 } },
    );
    const code = `ZERO${method}`;
    const discount = await must(
      stack.url,
      CreateDiscount,
      { input: { code, kind: 'FIXED', value: '20' } },
      stack.adminToken,
    );
    expect(discount.createDiscount.__typename).toBe('Discount');
    const client = wsClient(stack.url, stack.staffToken);
    const board = live(client, LiveOrders, {});
    try {
      // No "subscribed" acknowledgement in graphql-ws: probe until the board shows a change.
      for (let attempt = 1; ; attempt++) {
        const probe = (await newOrder(stack.url)).order.id;
        try {
          await board.waitFor((value) => value.liveOrders.order.id === probe, 2_000);
          break;
        } catch (error) {
          if (attempt >= 10) throw error;
        }
      }
      const orderId = await validatedOrder(stocked.Stocked!, 1, code);
      expect(await shownOrder(orderId)).toMatchObject({
        total: '0.00',
        balanceDue: '0.00',
        status: 'VALIDATED',
      });
      const key = `zero-${orderId}`;
      const paid = await pay(orderId, amount, method, key);
      expect(paid.recordPayment).toMatchObject({
        __typename: 'RecordPaymentPayload',
        replayed: false,
        payment: { amount: '0.00', changeDue: '0.00' },
        order: { status: 'PAID', amountPaid: '0.00', balanceDue: '0.00' },
      });
      const replay = await pay(orderId, amount, method, key);
      expect(replay.recordPayment).toMatchObject({ __typename: 'RecordPaymentPayload', replayed: true });
      const again = await pay(orderId, '0', 'CASH');
      expect(again.recordPayment).toMatchObject({ __typename: 'OrderStateError', status: 'PAID' });
      const till = { url: stack.url, staffToken: stack.staffToken, productId: stocked.Stocked! };
      for (const action of ['startPreparing', 'markReady', 'complete', 'invoice'] as const) {
        expect(await perform(till, orderId, action)).toMatchObject({ typename: 'Order' });
      }
      const invoiced = await shownOrder(orderId);
      expect(invoiced.status).toBe('INVOICED');
      expect(invoiced.invoiceNumber).toEqual(expect.any(Number));
      await board.waitFor(
        (value) => value.liveOrders.order.id === orderId && value.liveOrders.order.status === 'INVOICED',
      );
      // Each lifecycle step reached the board once: the zero payment moved the order like any other.
      const moves = board.values
        .map((value) => value.liveOrders)
        .filter((event) => event.order.id === orderId && event.type === 'STATUS_CHANGED')
        .map((event) => event.order.status);
      expect(moves).toEqual(['VALIDATED', 'PAID', 'PREPARING', 'READY', 'DONE', 'INVOICED']);
      const [row] = await queryDatabase<{ stock: number }>(
        stack.database.url,
        'select stock from product where id = $1',
        [stocked.Stocked],
      );
      expect(row?.stock).toBe(4);
      const payments = await queryDatabase(stack.database.url, 'select 1 from payment where order_id = $1', [
        orderId,
      ]);
      expect(payments).toHaveLength(1);
    } finally {
      board.stop();
      await client.dispose();
    }
  });

  it('refuses a zero payment while something is due', async () => {
    const orderId = await validatedOrder(products.One!, 1);
    const before = await databaseState();
    const result = await pay(orderId, '0', 'CASH');
    expect(result.recordPayment).toMatchObject({ __typename: 'InputError', field: 'amount' });
    expect(await databaseState()).toEqual(before);
  });
});
