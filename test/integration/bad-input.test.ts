import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import {
  AddItem,
  CreateProduct,
  OrderQuery,
  RemoveItem,
  SetItemQuantity,
  SettingsQuery,
  UpdateProduct,
  UpdateSettings,
} from '../support/operations.ts';
import { postQuery } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;
let orderId: string;
let customerToken: string;
const UNKNOWN = '7f0c2f4e-1d1a-4d38-9a39-111111111111';

async function databaseState() {
  return queryDatabase(
    stack.database.url,
    `select (select json_agg(s) from settings s) as settings,
            (select json_agg(p order by p.id) from product p) as products,
            (select json_agg(o order by o.id) from customer_order o) as orders,
            (select json_agg(i order by i.id) from order_item i) as items`,
  );
}

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Pie: '5.00' });
  await setRates(stack.url, stack.adminToken, '10', '0');
  ({
    order: { id: orderId },
    customerToken,
  } = await newOrder(stack.url));
  await must(
    stack.url,
    AddItem,
    { input: { orderId, productId: products.Pie!, quantity: 1 } },
    customerToken,
  );
});

afterAll(async () => {
  await stack?.close();
});

describe('bad input', () => {
  it.each([
    ['zero', 0],
    ['negative', -3],
    ['huge', 1_000_000],
  ])('rejects a %s quantity naming the field, and changes nothing', async (_label, quantity) => {
    const before = await databaseState();
    const result = await must(
      stack.url,
      AddItem,
      { input: { orderId, productId: products.Pie!, quantity } },
      customerToken,
    );
    expect(result.addItem).toMatchObject({ __typename: 'InputError', field: 'quantity', code: 'BAD_INPUT' });
    expect(await databaseState()).toEqual(before);
  });

  it('rejects a quantity that would push a merged line over the limit', async () => {
    const before = await databaseState();
    const result = await must(
      stack.url,
      AddItem,
      { input: { orderId, productId: products.Pie!, quantity: 999 } },
      customerToken,
    );
    expect(result.addItem).toMatchObject({ __typename: 'InputError', field: 'quantity' });
    expect(await databaseState()).toEqual(before);
  });

  it('answers unknown or malformed ids with NotFoundError', async () => {
    const before = await databaseState();
    const unknownProduct = await must(
      stack.url,
      AddItem,
      { input: { orderId, productId: UNKNOWN, quantity: 1 } },
      customerToken,
    );
    expect(unknownProduct.addItem).toMatchObject({ __typename: 'NotFoundError', entity: 'Product' });
    const malformed = await must(
      stack.url,
      AddItem,
      { input: { orderId, productId: 'not-a-uuid', quantity: 1 } },
      customerToken,
    );
    expect(malformed.addItem).toMatchObject({ __typename: 'NotFoundError', entity: 'Product' });
    const unknownItem = await must(
      stack.url,
      SetItemQuantity,
      { input: { itemId: UNKNOWN, quantity: 2 } },
      customerToken,
    );
    expect(unknownItem.setItemQuantity).toMatchObject({ __typename: 'NotFoundError' });
    const removeUnknown = await must(stack.url, RemoveItem, { input: { itemId: 'x' } }, customerToken);
    expect(removeUnknown.removeItem).toMatchObject({ __typename: 'NotFoundError' });
    const unknownOrder = await must(stack.url, OrderQuery, { id: UNKNOWN }, stack.staffToken);
    expect(unknownOrder.order).toBeNull();
    const updateUnknown = await must(
      stack.url,
      UpdateProduct,
      { input: { id: UNKNOWN, price: '1.00' } },
      stack.adminToken,
    );
    expect(updateUnknown.updateProduct.__typename).toBe('NotFoundError');
    expect(await databaseState()).toEqual(before);
  });

  it.each([
    ['taxRatePercent', '100.001', 'between 0 and 100'],
    ['taxRatePercent', '-1', 'between 0 and 100'],
    ['surchargePercent', '5.0001', 'at most 3 decimals'],
    ['currency', 'ZZZ', 'ISO 4217'],
    ['terminalProvider', 'ACME', 'one of'],
  ])('rejects settings %s = %s naming the field', async (field, value, message) => {
    const before = await databaseState();
    const result = await must(stack.url, UpdateSettings, { input: { [field]: value } }, stack.adminToken);
    expect(result.updateSettings).toMatchObject({ __typename: 'InputError', field });
    expect(result.updateSettings.__typename === 'InputError' && result.updateSettings.message).toContain(
      message,
    );
    expect(await databaseState()).toEqual(before);
  });

  it.each(['abc', '1e5', '12,50', '0x10', '1.2.3', '', ' 1', '99999999999999999999'])(
    'rejects the malformed Decimal %j with an error naming the argument',
    async (value) => {
      const before = await databaseState();
      const response = await request(
        stack.url,
        UpdateSettings,
        { input: { taxRatePercent: value } },
        stack.adminToken,
      );
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.message).toMatch(/taxRatePercent/);
      expect(response.errors?.[0]?.message).toMatch(/Decimal/);
      expect(await databaseState()).toEqual(before);
    },
  );

  it('rejects over-precise and negative prices naming the field', async () => {
    const before = await databaseState();
    const categoryId = (
      await queryDatabase<{ id: string }>(stack.database.url, 'select id from category limit 1')
    )[0]!.id;
    const precise = await must(
      stack.url,
      CreateProduct,
      { input: { categoryId, name: 'X', price: '1.005' } },
      stack.adminToken,
    );
    expect(precise.createProduct).toMatchObject({ __typename: 'InputError', field: 'price' });
    const negative = await must(
      stack.url,
      UpdateProduct,
      { input: { id: products.Pie!, price: '-1.00' } },
      stack.adminToken,
    );
    expect(negative.updateProduct).toMatchObject({ __typename: 'InputError', field: 'price' });
    const longName = await must(
      stack.url,
      CreateProduct,
      { input: { categoryId, name: 'n'.repeat(201), price: '1.00' } },
      stack.adminToken,
    );
    expect(longName.createProduct).toMatchObject({ __typename: 'InputError', field: 'name' });
    expect(await databaseState()).toEqual(before);
  });

  it('rejects over-long notes naming the field and keeps serving', async () => {
    const result = await must(
      stack.url,
      AddItem,
      { input: { orderId, productId: products.Pie!, quantity: 1, notes: 'x'.repeat(501) } },
      customerToken,
    );
    expect(result.addItem).toMatchObject({ __typename: 'InputError', field: 'notes' });
    const settings = await must(stack.url, SettingsQuery, {});
    expect(settings.settings.taxRatePercent).toBe('10');
  });

  it('takes no createOrder reference, which nothing stored: nothing is created', async () => {
    const before = await queryDatabase<{ n: number }>(
      stack.database.url,
      'select count(*)::int as n from customer_order',
    );
    const literal = await postQuery(
      stack.url,
      `mutation { createOrder(input: { reference: "${'x'.repeat(99_000)}" }) { order { id } } }`,
    );
    const variable = await postQuery(
      stack.url,
      'mutation($r: String) { createOrder(input: { reference: $r }) { order { id } } }',
      { r: 'table 4' },
    );
    for (const response of [literal, variable]) {
      expect(response.json?.data ?? null).toBeNull();
      expect(response.json?.errors?.length).toBeGreaterThan(0);
    }
    const after = await queryDatabase<{ n: number }>(
      stack.database.url,
      'select count(*)::int as n from customer_order',
    );
    expect(after).toEqual(before);
  });

  it('bounds every string in a request before any resolver runs, literal or variable, naming the field', async () => {
    // 2,000 is the longest any field takes (a product description, 4 × MAX_STRING_LENGTH of 500).
    const long = 'x'.repeat(2_001);
    const before = await databaseState();
    const literal = await postQuery(stack.url, `{ products(search: "${long}") { nodes { id } } }`);
    const variable = await postQuery(
      stack.url,
      'mutation($input: AddItemInput!) { addItem(input: $input) { __typename } }',
      { input: { orderId, productId: products.Pie!, quantity: 1, notes: long } },
      customerToken,
    );
    expect(literal.json?.errors?.[0]).toMatchObject({
      message: 'search must be at most 2000 characters',
      extensions: { code: 'BAD_INPUT', field: 'search' },
    });
    expect(variable.json?.errors?.[0]).toMatchObject({
      message: 'input.notes must be at most 2000 characters',
      extensions: { code: 'BAD_INPUT', field: 'input.notes' },
    });
    expect(await databaseState()).toEqual(before);
  });
});
