import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveOrdersSubscription } from '../gql/graphql.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { type Live, live, must, wsClient } from '../support/graphql.ts';
import { orderIn, perform, type Till } from '../support/lifecycle.ts';
import {
  CompleteOrder,
  CustomerValidateOrder,
  InvoiceOrder,
  LiveOrders,
  MarkReady,
  RecordPayment,
  StartPreparing,
} from '../support/lifecycle-operations.ts';
import { AddItem, CartUpdated } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let other: ServerProcess;
let till: Till;

beforeAll(async () => {
  stack = await startStack();
  // A second API as its own OS process on the same database and channel prefix: only Redis connects them.
  other = await spawnServer({
    DATABASE_URL: stack.database.url,
    REDIS_URL,
    CHANNEL_PREFIX: stack.channelPrefix,
    JWT_SECRET,
    LOG_LEVEL: 'info',
  });
  const products = await seedProducts(stack.url, stack.adminToken, { Noodles: '9.00' });
  await setRates(stack.url, stack.adminToken, '10', '0');
  till = { url: stack.url, staffToken: stack.staffToken, productId: products.Noodles! };
});

afterAll(async () => {
  await other?.stop();
  await stack?.close();
});

type Board = Live<LiveOrdersSubscription>;

/**
 * graphql-ws has no "subscribed" acknowledgement: send probe changes until the subscription shows one, each
 * wait bounded, so the real steps start only once the board is known to be listening.
 */
async function untilListening(board: Board, probe: () => Promise<string>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const probeId = await probe();
    try {
      await board.waitFor((value) => value.liveOrders.order.id === probeId, 2_000);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
    }
  }
}

const eventsOf = (board: Board, orderId: string) =>
  board.values
    .map((value) => value.liveOrders)
    .filter((event) => event.order.id === orderId)
    .map((event) => [event.type, event.order.status, event.previousStatus]);

describe('liveOrders across processes', () => {
  it('shows every step of the happy path exactly once, in order, to boards on another process', async () => {
    const client = wsClient(other.url, stack.staffToken);
    const board = live(client, LiveOrders, {});
    const kitchen = live(client, LiveOrders, { statuses: ['PAID', 'PREPARING', 'READY'] });
    await untilListening(board, async () => (await newOrder(stack.url)).order.id);
    await untilListening(kitchen, () => orderIn(till, 'PAID'));

    const { order, customerToken } = await newOrder(stack.url);
    const customerClient = wsClient(stack.url, customerToken);
    const cart = live(customerClient, CartUpdated, { orderId: order.id });
    // The customer's screen shows the DRAFT snapshot before the first step, or it would start later.
    await cart.waitFor((value) => value.cartUpdated.status === 'DRAFT');
    const step = async (status: string, count: number, run: () => Promise<unknown>) => {
      await run();
      await board.waitFor(
        () => eventsOf(board, order.id).length === count && eventsOf(board, order.id).at(-1)?.[1] === status,
      );
    };
    await board.waitFor((value) => value.liveOrders.order.id === order.id);
    const staff = stack.staffToken;
    await step('DRAFT', 2, () =>
      must(
        stack.url,
        AddItem,
        { input: { orderId: order.id, productId: till.productId, quantity: 2 } },
        customerToken,
      ),
    );
    await step('VALIDATED', 3, () =>
      must(stack.url, CustomerValidateOrder, { orderId: order.id }, customerToken),
    );
    // 18.00 + 10 % = 19.80: a partial cash payment, then the card covers the rest.
    const payment = (amount: string, method: 'CASH' | 'CARD', key: string) => () =>
      must(
        stack.url,
        RecordPayment,
        { input: { orderId: order.id, amount, method, idempotencyKey: key } },
        staff,
      );
    await step('VALIDATED', 4, payment('5.00', 'CASH', `cash-${order.id}`));
    await step('PAID', 5, payment('14.80', 'CARD', `card-${order.id}`));
    await step('PREPARING', 6, () => must(stack.url, StartPreparing, { orderId: order.id }, staff));
    await step('READY', 7, () => must(stack.url, MarkReady, { orderId: order.id }, staff));
    await step('DONE', 8, () => must(stack.url, CompleteOrder, { orderId: order.id }, staff));
    await step('INVOICED', 9, () => must(stack.url, InvoiceOrder, { orderId: order.id }, staff));

    expect(eventsOf(board, order.id)).toEqual([
      ['CREATED', 'DRAFT', null],
      ['UPDATED', 'DRAFT', null],
      ['STATUS_CHANGED', 'VALIDATED', 'DRAFT'],
      ['UPDATED', 'VALIDATED', null],
      ['STATUS_CHANGED', 'PAID', 'VALIDATED'],
      ['STATUS_CHANGED', 'PREPARING', 'PAID'],
      ['STATUS_CHANGED', 'READY', 'PREPARING'],
      ['STATUS_CHANGED', 'DONE', 'READY'],
      ['STATUS_CHANGED', 'INVOICED', 'DONE'],
    ]);
    const versions = board.values
      .filter((v) => v.liveOrders.order.id === order.id)
      .map((v) => v.liveOrders.order.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);

    // The kitchen sees the order arrive on PAID and, with the DONE event, leave its board.
    await kitchen.waitFor(
      (value) => value.liveOrders.order.id === order.id && value.liveOrders.order.status === 'DONE',
    );
    expect(eventsOf(kitchen, order.id)).toEqual([
      ['STATUS_CHANGED', 'PAID', 'VALIDATED'],
      ['STATUS_CHANGED', 'PREPARING', 'PAID'],
      ['STATUS_CHANGED', 'READY', 'PREPARING'],
      ['STATUS_CHANGED', 'DONE', 'READY'],
    ]);

    // The customer's own screen gets every status change, "order ready" included.
    await cart.waitFor((value) => value.cartUpdated.status === 'INVOICED');
    const statuses = cart.values
      .map((value) => value.cartUpdated.status)
      .filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['DRAFT', 'VALIDATED', 'PAID', 'PREPARING', 'READY', 'DONE', 'INVOICED']);

    board.stop();
    kitchen.stop();
    cart.stop();
    await Promise.all([client.dispose(), customerClient.dispose()]);
  });

  it('refuses liveOrders to customers', async () => {
    const { customerToken } = await newOrder(stack.url);
    const client = wsClient(other.url, customerToken);
    const board = live(client, LiveOrders, {});
    expect(JSON.stringify(await board.waitForError())).toContain('FORBIDDEN');
    await client.dispose();
  });

  it('publishes nothing for a refused transition', async () => {
    const client = wsClient(other.url, stack.staffToken);
    const board = live(client, LiveOrders, {});
    await untilListening(board, async () => (await newOrder(stack.url)).order.id);
    const empty = (await newOrder(stack.url)).order.id;
    await board.waitFor((value) => value.liveOrders.order.id === empty);
    expect((await perform(till, empty, 'validate')).typename).toBe('EmptyOrderError');
    // A later committed change of the same order is the next thing the board sees.
    await perform(till, empty, 'cancel');
    await board.waitFor(
      (value) => value.liveOrders.order.id === empty && value.liveOrders.order.status === 'CANCELLED',
    );
    expect(eventsOf(board, empty)).toEqual([
      ['CREATED', 'DRAFT', null],
      ['STATUS_CHANGED', 'CANCELLED', 'DRAFT'],
    ]);
    board.stop();
    await client.dispose();
  });
});
