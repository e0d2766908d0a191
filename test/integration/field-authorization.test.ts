import { type GraphQLObjectType, getNamedType, isLeafType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { schema } from '../../src/graphql/schema.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { ApplyDiscount, CancelOrder, CreateDiscount } from '../support/lifecycle-operations.ts';
import { AddItem } from '../support/operations.ts';
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
  Product: { readers: EVERYONE, path: ['products'] },
  Category: { readers: EVERYONE, path: ['categories'] },
  SettingsChange: { readers: STAFF, path: ['settingsHistory', 'nodes'] },
  OrderTimelineEntry: { readers: STAFF, path: ['order', 'timeline'] },
  PriceChange: { readers: STAFF, path: ['priceChanges', 'nodes'] },
  RepricedOrder: { readers: STAFF, path: ['priceChanges', 'nodes', 'repricedOrders', 'nodes'] },
  Discount: { readers: ['admin'], path: ['discounts'] },
};
const RESTRICTED: Record<string, readonly Role[]> = {
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
