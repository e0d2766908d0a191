import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../support/database.ts';
import { seedProducts, setRates } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { lifecycleOrder, orderIn, perform, type Till } from '../support/lifecycle.ts';
import { RecordPayment } from '../support/lifecycle-operations.ts';
import { StaffSettingsQuery } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let till: Till;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(
    stack.url,
    stack.adminToken,
    { Pie: '7.25', LastCake: '5.00' },
    { stock: { LastCake: 1 } },
  );
  await setRates(stack.url, stack.adminToken, '10', '0');
  till = { url: stack.url, staffToken: stack.staffToken, productId: products.Pie! };
});

afterAll(async () => {
  await stack?.close();
});

function pay(orderId: string, amount: string, method: 'CASH' | 'CARD', idempotencyKey: string) {
  return must(
    stack.url,
    RecordPayment,
    { input: { orderId, amount, method, idempotencyKey } },
    stack.staffToken,
  );
}

async function stockOf(name: string): Promise<number | null | undefined> {
  const [row] = await queryDatabase<{ stock: number | null }>(
    stack.database.url,
    'select stock from product where id = $1',
    [products[name]],
  );
  return row?.stock;
}

describe('payments', () => {
  it('accumulates partial payments, gives cash change, and becomes PAID when the total is covered', async () => {
    const orderId = await orderIn(till, 'VALIDATED', 2);
    // 14.50 + 10 % tax 1.45 = 15.95
    const first = await pay(orderId, '10.00', 'CARD', `partial-${orderId}`);
    if (first.recordPayment.__typename !== 'RecordPaymentPayload') throw new Error(JSON.stringify(first));
    expect(first.recordPayment.order).toMatchObject({
      status: 'VALIDATED',
      amountPaid: '10.00',
      balanceDue: '5.95',
    });

    const tooMuchCard = await pay(orderId, '6.00', 'CARD', `card-over-${orderId}`);
    expect(tooMuchCard.recordPayment).toMatchObject({ __typename: 'InputError', field: 'amount' });

    const cash = await pay(orderId, '20.00', 'CASH', `cash-${orderId}`);
    if (cash.recordPayment.__typename !== 'RecordPaymentPayload') throw new Error(JSON.stringify(cash));
    expect(cash.recordPayment.payment).toMatchObject({ amount: '20.00', changeDue: '14.05', method: 'CASH' });
    expect(cash.recordPayment.order).toMatchObject({
      status: 'PAID',
      total: '15.95',
      amountPaid: '15.95',
      balanceDue: '0.00',
    });
    const { settings } = await must(stack.url, StaffSettingsQuery, {}, stack.staffToken);
    expect(
      cash.recordPayment.order.payments.map((payment) => [payment.terminalProvider, payment.actor]),
    ).toEqual([
      [settings.terminalProvider, 'test-staff'],
      [settings.terminalProvider, 'test-staff'],
    ]);
  });

  it('records one payment when the same recordPayment is sent 20 times concurrently', async () => {
    const orderId = await orderIn(till, 'VALIDATED');
    const order = await lifecycleOrder(till, orderId);
    const key = `same-key-${orderId}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => pay(orderId, order.balanceDue, 'CARD', key)),
    );
    const payloads = results.map((result) => result.recordPayment);
    expect(payloads.every((payload) => payload.__typename === 'RecordPaymentPayload')).toBe(true);
    const ids = new Set(
      payloads.map((payload) => (payload.__typename === 'RecordPaymentPayload' ? payload.payment.id : null)),
    );
    expect(ids.size).toBe(1);
    expect(
      payloads.filter((payload) => payload.__typename === 'RecordPaymentPayload' && !payload.replayed),
    ).toHaveLength(1);
    const rows = await queryDatabase<{ n: string }>(
      stack.database.url,
      'select count(*) as n from payment where order_id = $1',
      [orderId],
    );
    expect(Number(rows[0]?.n)).toBe(1);
    const after = await lifecycleOrder(till, orderId);
    expect(after).toMatchObject({ status: 'PAID', amountPaid: order.total, balanceDue: '0.00' });
  });

  it('refuses a replayed key that names a different payment', async () => {
    const orderId = await orderIn(till, 'VALIDATED');
    await pay(orderId, '1.00', 'CASH', `reuse-${orderId}`);
    const reused = await pay(orderId, '2.00', 'CASH', `reuse-${orderId}`);
    expect(reused.recordPayment).toMatchObject({ __typename: 'InputError', field: 'idempotencyKey' });
  });
  it('cancels a paid order whose refund keys a client already used on another order', async () => {
    const paid = await orderIn(till, 'PAID');
    const other = await orderIn(till, 'VALIDATED', 2);
    // Keys shaped like the ones the server derives for the cancel's refunds, for every method.
    for (const method of ['CASH', 'CARD'] as const) {
      const taken = await pay(other, '1.00', method, `refund:${paid}:${method}`);
      expect(taken.recordPayment.__typename).toBe('RecordPaymentPayload');
    }

    const cancelled = await perform(till, paid, 'cancel');
    expect(cancelled).toMatchObject({ typename: 'Order', status: 'CANCELLED' });
    const refunded = await lifecycleOrder(till, paid);
    expect(refunded).toMatchObject({ status: 'CANCELLED', amountPaid: '0.00' });
    expect(refunded.payments.map((payment) => payment.kind)).toEqual(['PAYMENT', 'REFUND']);
  });

  it('never answers a client key with a refund the server recorded', async () => {
    const paid = await orderIn(till, 'PAID');
    expect((await perform(till, paid, 'cancel')).typename).toBe('Order');
    const [refund] = (await lifecycleOrder(till, paid)).payments.filter((p) => p.kind === 'REFUND');
    const other = await orderIn(till, 'VALIDATED');
    const reused = await pay(other, '1.00', refund!.method, refund!.idempotencyKey);
    if (reused.recordPayment.__typename !== 'RecordPaymentPayload') throw new Error(JSON.stringify(reused));
    expect(reused.recordPayment).toMatchObject({ replayed: false, payment: { amount: '1.00' } });
  });
});

describe('stock', () => {
  it('lets exactly one of two orders racing for the last unit be paid', async () => {
    const racer = { ...till, productId: products.LastCake! };
    const [a, b] = await Promise.all([orderIn(racer, 'VALIDATED'), orderIn(racer, 'VALIDATED')]);
    const results = await Promise.all([a!, b!].map((id) => pay(id, '5.50', 'CARD', `race-${id}`)));
    const typenames = results.map((result) => result.recordPayment.__typename).sort();
    expect(typenames).toEqual(['OutOfStockError', 'RecordPaymentPayload']);
    expect(await stockOf('LastCake')).toBe(0);
    const loser = results.findIndex((result) => result.recordPayment.__typename === 'OutOfStockError');
    const loserOrder = await lifecycleOrder(till, [a!, b!][loser]!);
    expect(loserOrder).toMatchObject({ status: 'VALIDATED', amountPaid: '0.00', payments: [] });

    const winnerId = [a!, b!][1 - loser]!;
    const cancelled = await perform(till, winnerId, 'cancel');
    expect(cancelled.typename).toBe('Order');
    expect(await stockOf('LastCake')).toBe(1);
    const refunded = await lifecycleOrder(till, winnerId);
    expect(refunded).toMatchObject({ status: 'CANCELLED', amountPaid: '0.00', balanceDue: '0.00' });
    expect(refunded.payments.map((payment) => [payment.kind, payment.method, payment.amount])).toEqual([
      ['PAYMENT', 'CARD', '5.50'],
      ['REFUND', 'CARD', '5.50'],
    ]);
  });

  it('refuses to validate an order asking for more than the stock, naming the line', async () => {
    const greedy = { ...till, productId: products.LastCake! };
    const orderId = await orderIn(greedy, 'DRAFT', 5);
    const result = await perform(greedy, orderId, 'validate');
    expect(result.typename).toBe('OutOfStockError');
  });
});
