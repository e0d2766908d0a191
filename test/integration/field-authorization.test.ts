import { type GraphQLObjectType, getNamedType, isLeafType } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { schema } from '../../src/graphql/schema.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { ApplyDiscount, CancelOrder, CreateDiscount, LiveOrders } from '../support/lifecycle-operations.ts';
import { AddItem, CartUpdated } from '../support/operations.ts';
import { advance } from '../support/order-flow.ts';
import { postQuery } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

type Role = 'anonymous' | 'customer' | 'staff' | 'admin';
const EVERYONE: readonly Role[] = ['anonymous', 'customer', 'staff', 'admin'];
const ORDER_READERS: readonly Role[] = ['customer', 'staff', 'admin'];
const STAFF: readonly Role[] = ['staff', 'admin'];

/**
 * The public surface (README, "Public surface"): who may read each field. A type's readers apply to all its
 * fields unless the field is listed in RESTRICTED.
 */
const TYPES: Record<string, { readers: readonly Role[]; path: string[] }> = {
  Order: { readers: ORDER_READERS, path: ['order'] },
  OrderItem: { readers: ORDER_READERS, path: ['order', 'items'] },
  OrderItemProduct: { readers: ORDER_READERS, path: ['order', 'items', 'product'] },
  AppliedDiscount: { readers: ORDER_READERS, path: ['order', 'discount'] },
  Payment: { readers: ORDER_READERS, path: ['order', 'payments'] },
  OrderStatusChange: { readers: ORDER_READERS, path: ['order', 'statusHistory'] },
  OrderTimings: { readers: ORDER_READERS, path: ['order', 'timings'] },
  Settings: { readers: EVERYONE, path: ['settings'] },
  Product: { readers: EVERYONE, path: ['products', 'nodes'] },
  Category: { readers: EVERYONE, path: ['categories'] },
  SettingsChange: { readers: STAFF, path: ['settingsHistory', 'nodes'] },
  OrderTimelineEntry: { readers: STAFF, path: ['order', 'timeline'] },
  PriceChange: { readers: STAFF, path: ['priceChanges', 'nodes'] },
  RepricedOrder: { readers: STAFF, path: ['priceChanges', 'nodes', 'repricedOrders', 'nodes'] },
  Discount: { readers: ['admin'], path: ['discounts'] },
};
const RESTRICTED: Record<string, readonly Role[]> = {
  'Order.number': STAFF,
  'Payment.actor': STAFF,
  'Payment.idempotencyKey': STAFF,
  'Payment.terminalProvider': STAFF,
  'OrderStatusChange.actor': STAFF,
  'OrderStatusChange.reason': STAFF,
  'Order.timeline': STAFF,
  'Settings.terminalProvider': STAFF,
  'Product.stock': STAFF,
  'Product.trackStock': STAFF,
};

let stack: TestStack;
let orderId: string;
let tokens: Record<Role, string | undefined>;

beforeAll(async () => {
  stack = await startStack();
  const products = await seedProducts(stack.url, stack.adminToken, { Soup: '4.00' }, { stock: { Soup: 20 } });
  await setRates(stack.url, stack.adminToken, '10', '0');
  await must(
    stack.url,
    CreateDiscount,
    { input: { code: 'AUTHZ', kind: 'PERCENT', value: '10' } },
    stack.adminToken,
  );
  // One order with something behind every field: an item, a discount, a re-pricing, a payment and its
  // refund, and a cancellation with the staff's reason.
  const { order, customerToken } = await newOrder(stack.url);
  orderId = order.id;
  await must(
    stack.url,
    AddItem,
    { input: { orderId, productId: products.Soup!, quantity: 2 } },
    customerToken,
  );
  await must(stack.url, ApplyDiscount, { orderId, code: 'AUTHZ' }, customerToken);
  await setRates(stack.url, stack.adminToken, '10', '1');
  await advance(stack.url, stack.staffToken, orderId, 'validate');
  await advance(stack.url, stack.staffToken, orderId, 'pay');
  await must(
    stack.url,
    CancelOrder,
    { orderId, reason: 'kitchen closed, refunded by Sam' },
    stack.staffToken,
  );
  tokens = {
    anonymous: undefined,
    customer: customerToken,
    staff: stack.staffToken,
    admin: await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'test-admin' }, '1h'),
  };
});

afterAll(async () => {
  await stack?.close();
});

/** `{ a(args) { b { field } } }` for a path of fields; object-typed fields select `__typename`. */
function queryFor(path: string[], field: string, leaf: boolean): string {
  const args: Record<string, string> = {
    order: `(id: "${orderId}")`,
    settingsHistory: '(first: 5)',
    priceChanges: '(first: 1)',
  };
  const inner = leaf ? field : `${field} { __typename }`;
  return `{ ${path.reduceRight((selection, name) => `${name}${args[name] ?? ''} { ${selection} }`, inner)} }`;
}

/** Every value found at `path` (lists flattened); empty when some step is null or missing. */
function pluck(value: unknown, path: string[]): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => pluck(item, path));
  if (path.length === 0) return [value];
  const [head, ...rest] = path as [string, ...string[]];
  const next = (value as Record<string, unknown>)[head];
  return rest.length === 0 && !Array.isArray(next) ? (next === undefined ? [] : [next]) : pluck(next, rest);
}

const cases = Object.entries(TYPES).flatMap(([typeName, { readers, path }]) => {
  const type = schema.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields()).flatMap((field) =>
    EVERYONE.map((role) => ({
      field: `${typeName}.${field.name}`,
      role,
      allowed: (RESTRICTED[`${typeName}.${field.name}`] ?? readers).includes(role),
      path,
      name: field.name,
      leaf: isLeafType(getNamedType(field.type)),
    })),
  );
});

describe('field-level authorization over HTTP', () => {
  it('lists only fields that exist', () => {
    for (const key of Object.keys(RESTRICTED)) {
      const [typeName, fieldName] = key.split('.') as [string, string];
      expect((schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName], key).toBeDefined();
    }
  });

  it.each(cases)('$field as $role: allowed=$allowed', async ({ role, allowed, path, name, leaf }) => {
    const response = await postQuery(stack.url, queryFor(path, name, leaf), undefined, tokens[role]);
    const values = pluck(response.json?.data, [...path, name]);
    if (allowed) {
      expect(response.json?.errors).toBeUndefined();
      expect(values.length).toBeGreaterThan(0);
    } else {
      const codes = (response.json?.errors ?? []).map((error) => error.extensions?.code);
      expect(codes[0]).toBe(role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      expect(values.filter((value) => value !== null)).toEqual([]);
    }
  });

  it("keeps stock counts out of a customer's out-of-stock error, and shows them to staff", async () => {
    const products = await seedProducts(stack.url, stack.adminToken, { Pie: '3.00' }, { stock: { Pie: 3 } });
    const { order, customerToken } = await newOrder(stack.url);
    await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Pie!, quantity: 5 } },
      customerToken,
    );
    const validate = `mutation { validateOrder(orderId: "${order.id}") {
      __typename ... on OutOfStockError { lines { name requested inStock } } } }`;
    const asCustomer = await postQuery(stack.url, validate, undefined, customerToken);
    expect(asCustomer.json?.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(asCustomer.text).not.toMatch(/"inStock":\s*3/);
    const withoutCount = `mutation { validateOrder(orderId: "${order.id}") {
      __typename ... on OutOfStockError { lines { name requested } } } }`;
    expect((await postQuery(stack.url, withoutCount, undefined, customerToken)).json).toEqual({
      data: { validateOrder: { __typename: 'OutOfStockError', lines: [{ name: 'Pie', requested: 5 }] } },
    });
    const asStaff = await postQuery(stack.url, validate, undefined, stack.staffToken);
    expect(asStaff.json).toEqual({
      data: {
        validateOrder: { __typename: 'OutOfStockError', lines: [{ name: 'Pie', requested: 5, inStock: 3 }] },
      },
    });
  });
});

const ORDER_HOLDERS: readonly Role[] = ['customer', 'staff', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const NO_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Who may call each root field (README, "Public surface"), with arguments that reach the field's service but
 * change nothing: the table's order is cancelled, so every order write is refused by its status, and every
 * admin input breaks a bound. `ORDER`/`ITEM` stand for the customer's own order and its line.
 */
const ROOT_FIELDS: Record<string, { callers: readonly Role[]; operation: string }> = {
  'Query.order': { callers: ORDER_HOLDERS, operation: '{ order(id: "ORDER") { id } }' },
  'Query.orders': { callers: STAFF, operation: '{ orders(first: 1) { nodes { id } } }' },
  'Query.settings': { callers: EVERYONE, operation: '{ settings { version } }' },
  'Query.settingsHistory': { callers: STAFF, operation: '{ settingsHistory(first: 1) { nodes { id } } }' },
  'Query.categories': { callers: EVERYONE, operation: '{ categories { id } }' },
  'Query.products': { callers: EVERYONE, operation: '{ products(first: 1) { nodes { id } } }' },
  'Query.product': { callers: EVERYONE, operation: `{ product(id: "${NO_ID}") { id } }` },
  'Query.discounts': { callers: ADMIN, operation: '{ discounts { id } }' },
  'Query.priceChange': { callers: STAFF, operation: '{ priceChange(number: 1) { __typename } }' },
  'Query.priceChanges': { callers: STAFF, operation: '{ priceChanges(first: 1) { nodes { __typename } } }' },
  'Mutation.createOrder': { callers: EVERYONE, operation: 'mutation { createOrder { order { id } } }' },
  'Mutation.addItem': {
    callers: ORDER_HOLDERS,
    operation: `mutation { addItem(input: { orderId: "ORDER", productId: "${NO_ID}", quantity: 1 }) { __typename } }`,
  },
  'Mutation.setItemQuantity': {
    callers: ORDER_HOLDERS,
    operation: 'mutation { setItemQuantity(input: { itemId: "ITEM", quantity: 3 }) { __typename } }',
  },
  'Mutation.removeItem': {
    callers: ORDER_HOLDERS,
    operation: 'mutation { removeItem(input: { itemId: "ITEM" }) { __typename } }',
  },
  'Mutation.applyDiscount': {
    callers: ORDER_HOLDERS,
    operation: 'mutation { applyDiscount(orderId: "ORDER", code: "AUTHZ") { __typename } }',
  },
  'Mutation.removeDiscount': {
    callers: ORDER_HOLDERS,
    operation: 'mutation { removeDiscount(orderId: "ORDER") { __typename } }',
  },
  'Mutation.validateOrder': {
    callers: ORDER_HOLDERS,
    operation: 'mutation { validateOrder(orderId: "ORDER") { __typename } }',
  },
  'Mutation.cancelOrder': {
    callers: STAFF,
    operation: 'mutation { cancelOrder(orderId: "ORDER", reason: "again") { __typename } }',
  },
  'Mutation.startPreparing': {
    callers: STAFF,
    operation: 'mutation { startPreparing(orderId: "ORDER") { __typename } }',
  },
  'Mutation.markReady': {
    callers: STAFF,
    operation: 'mutation { markReady(orderId: "ORDER") { __typename } }',
  },
  'Mutation.completeOrder': {
    callers: STAFF,
    operation: 'mutation { completeOrder(orderId: "ORDER") { __typename } }',
  },
  'Mutation.invoiceOrder': {
    callers: STAFF,
    operation: 'mutation { invoiceOrder(orderId: "ORDER") { __typename } }',
  },
  'Mutation.recordPayment': {
    callers: STAFF,
    operation:
      'mutation { recordPayment(input: { orderId: "ORDER", amount: "1", method: CASH, idempotencyKey: "authz-table" }) { __typename } }',
  },
  'Mutation.createCategory': {
    callers: ADMIN,
    operation: 'mutation { createCategory(input: { name: "" }) { __typename } }',
  },
  'Mutation.createProduct': {
    callers: ADMIN,
    operation: `mutation { createProduct(input: { categoryId: "${NO_ID}", name: "", price: "1" }) { __typename } }`,
  },
  'Mutation.updateProduct': {
    callers: ADMIN,
    operation: `mutation { updateProduct(input: { id: "${NO_ID}", price: "1" }) { __typename } }`,
  },
  'Mutation.updateSettings': {
    callers: ADMIN,
    operation: 'mutation { updateSettings(input: { taxRatePercent: "101" }) { __typename } }',
  },
  'Mutation.createDiscount': {
    callers: ADMIN,
    operation: 'mutation { createDiscount(input: { code: "", kind: PERCENT, value: "10" }) { __typename } }',
  },
  'Mutation.setDiscountActive': {
    callers: ADMIN,
    operation: `mutation { setDiscountActive(id: "${NO_ID}", active: true) { __typename } }`,
  },
};

const ACCESS_CODES = ['UNAUTHENTICATED', 'FORBIDDEN'];

const rootCases = Object.entries(ROOT_FIELDS).flatMap(([field, { callers, operation }]) =>
  EVERYONE.map((role) => ({ field, role, allowed: callers.includes(role), operation })),
);

describe('root fields by role (queries and mutations over HTTP, subscriptions over WebSocket)', () => {
  let itemId: string;

  beforeAll(async () => {
    const read = await postQuery(
      stack.url,
      `{ order(id: "${orderId}") { items { id } } }`,
      undefined,
      tokens.staff,
    );
    const data = read.json?.data as { order: { items: { id: string }[] } } | undefined;
    itemId = data?.order.items[0]?.id ?? '';
    expect(itemId).not.toBe('');
  });

  it('lists every query and mutation', () => {
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}).map((name) => `${type?.name}.${name}`),
    );
    expect(Object.keys(ROOT_FIELDS).sort()).toEqual(roots.sort());
  });

  it.each(rootCases)('$field as $role: allowed=$allowed', async ({ role, allowed, operation }) => {
    const document = operation.replaceAll('ORDER', orderId).replaceAll('ITEM', itemId);
    const response = await postQuery(stack.url, document, undefined, tokens[role]);
    const codes = (response.json?.errors ?? []).map((error) => error.extensions?.code);
    if (allowed) {
      expect(codes.filter((code) => ACCESS_CODES.includes(code as string))).toEqual([]);
      expect(response.json?.data).toBeTruthy();
    } else {
      expect(codes).toEqual([role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      // Nothing of the refused field: no data at all, or null where the field is nullable.
      expect(Object.values(response.json?.data ?? {}).filter((value) => value !== null)).toEqual([]);
    }
  });

  it('refuses each subscription to the callers its field does not name, when it is set up', async () => {
    expect(Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).sort()).toEqual([
      'cartUpdated',
      'liveOrders',
      'settingsUpdated',
    ]);
    const refusals = [
      { role: 'anonymous', subscribe: (client: Client) => live(client, CartUpdated, { orderId }) },
      { role: 'anonymous', subscribe: (client: Client) => live(client, LiveOrders, {}) },
      { role: 'customer', subscribe: (client: Client) => live(client, LiveOrders, {}) },
    ] as const;
    for (const { role, subscribe } of refusals) {
      const client = wsClient(stack.url, tokens[role]);
      const error = JSON.stringify(await subscribe(client).waitForError());
      expect({
        role,
        refused: error.includes(role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'),
      }).toEqual({
        role,
        refused: true,
      });
      await client.dispose();
    }
    // The order's holders get its state at once.
    for (const role of ORDER_HOLDERS) {
      const client = wsClient(stack.url, tokens[role]);
      await live(client, CartUpdated, { orderId }).waitFor((value) => value.cartUpdated.id === orderId);
      await client.dispose();
    }
  });

  it('keeps a customer to its own order even where its role may call the field', async () => {
    const other = await newOrder(stack.url);
    for (const [field, { callers, operation }] of Object.entries(ROOT_FIELDS)) {
      if (!callers.includes('customer') || !operation.includes('ORDER')) continue;
      const document = operation.replaceAll('ORDER', other.order.id);
      const response = await postQuery(stack.url, document, undefined, tokens.customer);
      expect({ field, codes: response.json?.errors?.map((error) => error.extensions?.code) }).toEqual({
        field,
        codes: ['FORBIDDEN'],
      });
    }
  });
});
