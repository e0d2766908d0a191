import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import { orderIn, perform, type Till } from '../support/lifecycle.ts';
import {
  ApplyDiscount,
  CreateDiscount,
  Discounts,
  RemoveDiscount,
  SetDiscountActive,
} from '../support/lifecycle-operations.ts';
import { AddItem } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Burger: '12.50', Cola: '3.45', Bun: '1.00' });
  await setRates(stack.url, stack.adminToken, '10', '0');
});

afterAll(async () => {
  await stack?.close();
});

let codes = 0;
async function discount(input: {
  kind: 'PERCENT' | 'FIXED';
  value: string;
  usageLimit?: number;
  validFrom?: string;
  validUntil?: string;
}) {
  const code = `CODE${++codes}`;
  const { createDiscount } = await must(
    stack.url,
    CreateDiscount,
    { input: { code, ...input } },
    stack.adminToken,
  );
  if (createDiscount.__typename !== 'Discount') throw new Error(JSON.stringify(createDiscount));
  return createDiscount;
}

/** Resolves once a session of `database` waits for a row or index lock (bounded: fails after 10 s). */
async function waitForLockWait(database: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const waiting = await queryDatabase<{ n: number }>(
      stack.database.url,
      "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
      [database],
    );
    if ((waiting[0]?.n ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error('no session started waiting for the lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function cart(lines: Record<string, number>) {
  const { order, customerToken } = await newOrder(stack.url);
  for (const [name, quantity] of Object.entries(lines)) {
    await must(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products[name]!, quantity } },
      customerToken,
    );
  }
  return { orderId: order.id, customerToken };
}

async function apply(orderId: string, code: string, token: string) {
  return (await must(stack.url, ApplyDiscount, { orderId, code }, token)).applyDiscount;
}

describe('discounts', () => {
  it.each([
    // 15.95 − 15 % (2.3925 → 2.39) = 13.56; tax 10 % 1.356 → 1.36
    [
      'a percentage, rounded half-up',
      { kind: 'PERCENT', value: '15' },
      { Burger: 1, Cola: 1 },
      ['15.95', '2.39', '1.36', '14.92'],
      '15',
    ],
    // 3.00 × 12.5 % = 0.375 → 0.38 (half-up, not to even); tax 0.262 → 0.26
    [
      'a half-cent percentage',
      { kind: 'PERCENT', value: '12.5' },
      { Bun: 3 },
      ['3.00', '0.38', '0.26', '2.88'],
      '12.5',
    ],
    // 15.95 − 5.00 = 10.95; tax 1.095 → 1.10
    [
      'a fixed amount',
      { kind: 'FIXED', value: '5' },
      { Burger: 1, Cola: 1 },
      ['15.95', '5.00', '1.10', '12.05'],
      '5.00',
    ],
    [
      'a fixed amount larger than the subtotal, capped at it',
      { kind: 'FIXED', value: '20' },
      { Bun: 3 },
      ['3.00', '3.00', '0.00', '0.00'],
      '20.00',
    ],
  ] as const)('prices %s', async (_name, definition, lines, [subtotal, discountTotal, tax, total], shown) => {
    const code = await discount(definition);
    // A fixed amount in the currency's minor units, like every amount; a percentage as the rate it is.
    expect(code.value).toBe(shown);
    const listed = await must(stack.url, Discounts, {}, stack.adminToken);
    expect(listed.discounts.find((listedCode) => listedCode.code === code.code)?.value).toBe(shown);
    const { orderId, customerToken } = await cart(lines);
    const applied = await apply(orderId, code.code.toLowerCase(), customerToken);
    expect(applied).toMatchObject({ __typename: 'Order', subtotal, discountTotal, tax, total });
    expect(applied).toMatchObject({ discount: { code: code.code, kind: definition.kind, value: shown } });
  });

  it('gives the use back and re-prices when the discount is removed', async () => {
    const code = await discount({ kind: 'PERCENT', value: '50', usageLimit: 1 });
    const { orderId, customerToken } = await cart({ Bun: 2 });
    await apply(orderId, code.code, customerToken);
    const { removeDiscount } = await must(stack.url, RemoveDiscount, { orderId }, customerToken);
    expect(removeDiscount).toMatchObject({
      __typename: 'Order',
      discountTotal: '0.00',
      total: '2.20',
      discount: null,
    });
    const other = await cart({ Bun: 1 });
    expect((await apply(other.orderId, code.code, other.customerToken)).__typename).toBe('Order');
  });

  it('refuses expired, not yet valid and inactive codes with a typed reason', async () => {
    const expired = await discount({
      kind: 'PERCENT',
      value: '10',
      validUntil: new Date(Date.now() - 60_000).toISOString(),
    });
    const future = await discount({
      kind: 'PERCENT',
      value: '10',
      validFrom: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const inactive = await discount({ kind: 'FIXED', value: '1' });
    await must(stack.url, SetDiscountActive, { id: inactive.id, active: false }, stack.adminToken);
    const { orderId, customerToken } = await cart({ Bun: 1 });
    for (const [code, reason] of [
      [expired.code, 'EXPIRED'],
      [future.code, 'NOT_YET_VALID'],
      [inactive.code, 'INACTIVE'],
    ] as const) {
      expect(await apply(orderId, code, customerToken)).toMatchObject({
        __typename: 'DiscountUnavailableError',
        reason,
      });
    }
    expect(await apply(orderId, 'NO-SUCH-CODE', customerToken)).toMatchObject({
      __typename: 'NotFoundError',
    });
  });

  it('never exceeds the usage limit when many orders apply the code at once', async () => {
    const code = await discount({ kind: 'PERCENT', value: '10', usageLimit: 3 });
    const carts = await Promise.all(Array.from({ length: 8 }, () => cart({ Bun: 1 })));
    const results = await Promise.all(carts.map((c) => apply(c.orderId, code.code, c.customerToken)));
    expect(results.filter((result) => result.__typename === 'Order')).toHaveLength(3);
    const refused = results.filter((result) => result.__typename === 'DiscountUnavailableError');
    expect(refused).toHaveLength(5);
    expect(refused.every((result) => 'reason' in result && result.reason === 'EXHAUSTED')).toBe(true);
    const { discounts } = await must(stack.url, Discounts, {}, stack.adminToken);
    expect(discounts.find((d) => d.code === code.code)).toMatchObject({ usedCount: 3, usageLimit: 3 });
  });

  it('refuses a code created by a concurrent writer by field, not as a fault', async () => {
    // The concurrent writer holds the code uncommitted, so createDiscount's check cannot see it and its insert
    // waits on the unique index until that writer commits.
    const rival = new pg.Client({ connectionString: stack.database.url });
    await rival.connect();
    try {
      await rival.query('begin');
      await rival.query(
        `insert into discount (id, code, kind, value, created_at) values (gen_random_uuid(), 'RACED', 'PERCENT', 5, now())`,
      );
      const created = request(
        stack.url,
        CreateDiscount,
        { input: { code: 'RACED', kind: 'PERCENT', value: '10' } },
        stack.adminToken,
      );
      await waitForLockWait(stack.database.name);
      await rival.query('commit');
      const result = await created;
      expect(result.errors).toBeUndefined();
      expect(result.data?.createDiscount).toMatchObject({ __typename: 'InputError', field: 'code' });
    } finally {
      await rival.end();
    }
  });

  it('applies only to DRAFT orders', async () => {
    const code = await discount({ kind: 'PERCENT', value: '10' });
    const till: Till = { url: stack.url, staffToken: stack.staffToken, productId: products.Bun! };
    const orderId = await orderIn(till, 'VALIDATED');
    expect(await apply(orderId, code.code, stack.staffToken)).toMatchObject({
      __typename: 'OrderStateError',
    });
    expect((await perform(till, orderId, 'cancel')).typename).toBe('Order');
  });
});
