import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProducts, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import {
  ACTIONS,
  type Action,
  lifecycleOrder,
  orderIn,
  perform,
  STATUSES,
  type Status,
  type Till,
} from '../support/lifecycle.ts';
import { OrdersPage, ValidateOrder } from '../support/lifecycle-operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let till: Till;

beforeAll(async () => {
  stack = await startStack();
  const products = await seedProducts(stack.url, stack.adminToken, { Waffle: '4.50' });
  await setRates(stack.url, stack.adminToken, '10', '0');
  till = { url: stack.url, staffToken: stack.staffToken, productId: products.Waffle! };
});

afterAll(async () => {
  await stack?.close();
});

const NEXT: Record<Status, Partial<Record<Action, Status>>> = {
  DRAFT: { validate: 'VALIDATED', cancel: 'CANCELLED' },
  VALIDATED: { pay: 'PAID', cancel: 'CANCELLED' },
  PAID: { startPreparing: 'PREPARING', cancel: 'CANCELLED' },
  PREPARING: { markReady: 'READY', cancel: 'CANCELLED' },
  READY: { complete: 'DONE', cancel: 'CANCELLED' },
  DONE: { invoice: 'INVOICED' },
  INVOICED: {},
  CANCELLED: {},
};

const allowedPairs = STATUSES.flatMap((status) =>
  ACTIONS.filter((action) => NEXT[status][action]).map((action) => [status, action] as const),
);
const refusedPairs = STATUSES.flatMap((status) =>
  ACTIONS.filter((action) => !NEXT[status][action]).map((action) => [status, action] as const),
);

describe('every (status, action) pair over HTTP', () => {
  it.each(allowedPairs)('from %s, %s moves the order and records the transition', async (status, action) => {
    const orderId = await orderIn(till, status);
    const before = await lifecycleOrder(till, orderId);
    const result = await perform(till, orderId, action);
    const after = await lifecycleOrder(till, orderId);
    const expected = NEXT[status][action];
    expect(result.typename).toBe('Order');
    expect(after.status).toBe(expected);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.statusHistory.at(-1)).toMatchObject({ from: status, to: expected, actor: 'test-staff' });
  });

  // A refused action changes nothing, so one order per status serves every refused action from it.
  const orderInStatus = new Map<Status, Promise<string>>();
  const sharedOrderIn = (status: Status) => {
    let order = orderInStatus.get(status);
    if (!order) {
      order = orderIn(till, status);
      orderInStatus.set(status, order);
    }
    return order;
  };

  it.each(refusedPairs)(
    'from %s, %s is an OrderStateError naming the allowed statuses and changes nothing',
    async (status, action) => {
      const orderId = await sharedOrderIn(status);
      const before = await lifecycleOrder(till, orderId);
      const result = await perform(till, orderId, action);
      const after = await lifecycleOrder(till, orderId);
      expect(result).toMatchObject({ typename: 'OrderStateError', status });
      expect([...(result.allowed ?? [])].sort()).toEqual(Object.values(NEXT[status]).sort());
      expect(after).toEqual(before);
    },
  );
});

describe('status history and reads', () => {
  it('records every transition with actor, time and reason, and times PAID to READY', async () => {
    const orderId = await orderIn(till, 'READY');
    await perform(till, orderId, 'cancel');
    const order = await lifecycleOrder(till, orderId);
    expect(order.statusHistory.map((change) => [change.from, change.to])).toEqual([
      ['DRAFT', 'VALIDATED'],
      ['VALIDATED', 'PAID'],
      ['PAID', 'PREPARING'],
      ['PREPARING', 'READY'],
      ['READY', 'CANCELLED'],
    ]);
    expect(order.statusHistory.at(-1)?.reason).toBe('customer left');
    expect(order.timings.secondsPaidToReady).toBeGreaterThanOrEqual(0);
    expect(Date.parse(order.timings.readyAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(order.timings.paidAt ?? ''),
    );
  });

  it('refuses validation for customers of other orders and for anonymous callers', async () => {
    const orderId = await orderIn(till, 'DRAFT');
    const anonymous = await request(stack.url, ValidateOrder, { orderId });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists orders newest first in pages, filtered by status and searchable by number', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await orderIn(till, 'VALIDATED'));
    const pages = [];
    let after: string | null | undefined;
    do {
      const { orders } = await must(
        stack.url,
        OrdersPage,
        { filter: { statuses: ['VALIDATED'] }, first: 2, after },
        stack.staffToken,
      );
      pages.push(orders.nodes);
      after = orders.pageInfo.hasNextPage ? orders.pageInfo.endCursor : null;
    } while (after);
    const listed = pages.flat();
    expect(listed.every((order) => order.status === 'VALIDATED')).toBe(true);
    const numbers = listed.map((order) => order.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(listed.map((order) => order.id)).toEqual(expect.arrayContaining(ids));
    expect(pages.every((page) => page.length <= 2)).toBe(true);

    const target = listed[2]!;
    const found = await must(
      stack.url,
      OrdersPage,
      { filter: { search: String(target.number) } },
      stack.staffToken,
    );
    expect(found.orders.nodes.map((order) => order.id)).toEqual([target.id]);
    const tooMany = await request(stack.url, OrdersPage, { first: 100_000 }, stack.staffToken);
    expect(tooMany.errors?.[0]?.message).toMatch(/first must be between 0 and/);
  });
});
