import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { must, wsClient } from '../support/graphql.ts';
import { CancelOrder, RecordPayment, ValidateOrder } from '../support/lifecycle-operations.ts';
import { AddItem } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

/**
 * A subscription event is executed once per process for every subscriber of the same operation and
 * variables (graphql/shared-event-results.ts). Field-level authorization must still hold per subscriber: a
 * customer watching the same order with the same document as a till never receives what only staff may read,
 * and the till is never refused what it may read, whoever subscribed first.
 */
const WATCHED = `subscription Watch($orderId: ID!) {
  cartUpdated(orderId: $orderId) {
    version
    status
    payments { idempotencyKey actor terminalProvider }
    statusHistory { actor reason }
  }
}`;

const SECRET_KEY = 'till-secret-key';
const SECRET_REASON = 'staff-only note: regular complainer';

interface Received {
  messages: { data?: { cartUpdated: { status: string } | null } | null; errors?: { message: string }[] }[];
  stop(): void;
}

let stack: TestStack;
let soupId: string;

beforeAll(async () => {
  stack = await startStack();
  ({ Soup: soupId } = (await seedProducts(stack.url, stack.adminToken, { Soup: '4.00' })) as {
    Soup: string;
  });
});

afterAll(async () => {
  await stack?.close();
});

function watch(token: string, orderId: string): Received {
  const client = wsClient(stack.url, token);
  const messages: Received['messages'] = [];
  const dispose = client.subscribe(
    { query: WATCHED, variables: { orderId } },
    { next: (value) => void messages.push(value as never), error: () => {}, complete: () => {} },
  );
  return {
    messages,
    stop() {
      dispose();
      void client.dispose();
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusOf = (message: Received['messages'][number]) => message.data?.cartUpdated?.status;

describe.each([
  ['the customer subscribes first', ['customer', 'staff'] as const],
  ['the till subscribes first', ['staff', 'customer'] as const],
])('one live operation watched by a till and a customer, when %s', (_title, order) => {
  it('gives each exactly the fields its own token may read', async () => {
    const created = await newOrder(stack.url);
    const orderId = created.order.id;
    await must(
      stack.url,
      AddItem,
      { input: { orderId, productId: soupId, quantity: 1 } },
      created.customerToken,
    );
    const tokens = { customer: created.customerToken, staff: stack.staffToken };
    const watchers: Partial<Record<'customer' | 'staff', Received>> = {};
    for (const who of order) {
      watchers[who] = watch(tokens[who], orderId);
      await until(() => watchers[who]!.messages.length > 0, `${who}'s snapshot`);
    }
    const { customer, staff } = watchers as Record<'customer' | 'staff', Received>;

    const validated = await must(stack.url, ValidateOrder, { orderId }, stack.staffToken);
    const total = validated.validateOrder.__typename === 'Order' ? validated.validateOrder.total : '';
    const paid = await must(
      stack.url,
      RecordPayment,
      { input: { orderId, amount: total, method: 'CASH', idempotencyKey: `${SECRET_KEY}-${orderId}` } },
      stack.staffToken,
    );
    expect(paid.recordPayment.__typename).toBe('RecordPaymentPayload');
    await must(stack.url, CancelOrder, { orderId, reason: SECRET_REASON }, stack.staffToken);
    await until(
      () => staff.messages.some((m) => statusOf(m) === 'CANCELLED'),
      'the till to see the cancellation',
    );
    // Both subscribed before the first change, so both receive the snapshot and then the same events.
    await until(() => customer.messages.length === staff.messages.length, "the customer's values");

    const seenByCustomer = JSON.stringify(customer.messages);
    expect(seenByCustomer).not.toContain(SECRET_KEY);
    expect(seenByCustomer).not.toContain(SECRET_REASON);
    expect(seenByCustomer).not.toContain('test-staff');
    // Refused by name, as a customer alone is refused: a field error, not a silent null.
    const refused = customer.messages.at(-1)?.errors?.map((error) => error.message) ?? [];
    expect(refused.join(' ')).toMatch(/may not read (Payment|OrderStatusChange)\./);
    const seenByStaff = JSON.stringify(staff.messages);
    expect(staff.messages.flatMap((message) => message.errors ?? [])).toEqual([]);
    expect(seenByStaff).toContain(`${SECRET_KEY}-${orderId}`);
    expect(seenByStaff).toContain(SECRET_REASON);
    customer.stop();
    staff.stop();
  });
});
