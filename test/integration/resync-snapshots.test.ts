import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommittedStates } from '../support/committed-states.ts';
import { JWT_SECRET } from '../support/env.ts';
import { addLine, newOrder, seedProducts } from '../support/fixtures.ts';
import { type Live, live, must, wsClient } from '../support/graphql.ts';
import { waitForPubsub } from '../support/metrics.ts';
import { CartUpdated, OrderQuery, SetItemQuantity } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-server.ts';
import { startStack, type TestStack } from '../support/server.ts';

/** A guard against hangs on a loaded shared machine, not a speed target. */
const TEST_TIMEOUT_MS = 180_000;
const RESTARTS = 10;
const DOWN_MS = 300;
const SUBSCRIBERS = 10;
const WRITERS = 4;
/** Grace and passes of the relay, with room for a loaded machine. */
const CONVERGE_MS = 15_000;

type OrderValue = NonNullable<Awaited<ReturnType<typeof committedOrder>>>;

let redis: PrivateRedis;
let stack: TestStack;
/**
 * A second process on the same database and channels whose publishes are all dropped after COMMIT: its
 * commits reach subscribers only through the relay or a resync, so a resync read that mixed two commits is
 * not hidden by the next commit's own publish arriving first (subscribers drop versions they already hold).
 */
let silentWriter: ServerProcess;
let products: Record<string, string>;

beforeAll(async () => {
  redis = await startPrivateRedis();
  stack = await startStack({ env: { REDIS_URL: redis.url } });
  silentWriter = await spawnServer(
    {
      DATABASE_URL: stack.database.url,
      REDIS_URL: redis.url,
      CHANNEL_PREFIX: stack.channelPrefix,
      JWT_SECRET,
      MUTATION_RATE_LIMIT: '1000000',
      FAULT_AFTER_COMMIT: 'fail-publish',
    },
    { startTimeoutMs: 120_000 },
  );
  products = await seedProducts(stack.url, stack.adminToken, {
    Coffee: '3.10',
    Bagel: '2.45',
    Juice: '4.05',
  });
}, 180_000);

afterAll(async () => {
  await silentWriter?.stop();
  await stack?.close();
  await redis?.kill();
});

async function committedOrder(id: string) {
  return (await must(stack.url, OrderQuery, { id }, stack.staffToken)).order;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('live values across Redis restarts during a write storm', () => {
  it(
    'delivers and answers only states one commit produced, and leaves every subscriber on the last one',
    async () => {
      const committed = new CommittedStates<OrderValue>();
      const { order } = await newOrder(stack.url, stack.staffToken);
      const lineIds: string[] = [];
      for (const name of ['Coffee', 'Bagel', 'Juice']) {
        const added = await addLine(
          stack.url,
          { orderId: order.id, productId: products[name]!, quantity: 1 },
          stack.staffToken,
        );
        committed.record(added);
        lineIds.push(added.items.at(-1)!.id);
      }
      const clients = [wsClient(stack.url, stack.staffToken), wsClient(stack.url, stack.staffToken)];
      const subscribers: Live<{ cartUpdated: OrderValue }>[] = Array.from({ length: SUBSCRIBERS }, (_, n) =>
        live(clients[n % clients.length]!, CartUpdated, { orderId: order.id }),
      );
      await Promise.all(subscribers.map((subscriber) => subscriber.waitFor(() => true)));

      // Each edit changes one line and the order's totals in one commit; the answer is that commit's state.
      // Half the writers go through the process whose publishes are dropped.
      let storming = true;
      const writers = Array.from({ length: WRITERS }, async (_, writer) => {
        const url = writer % 2 ? silentWriter.url : stack.url;
        for (let round = 0; storming; round++) {
          const edited = await must(
            url,
            SetItemQuantity,
            { input: { itemId: lineIds[(writer + round) % 3]!, quantity: 1 + ((writer * 5 + round) % 9) } },
            stack.staffToken,
          );
          if (edited.setItemQuantity.__typename !== 'Order')
            throw new Error(JSON.stringify(edited.setItemQuantity));
          committed.record(edited.setItemQuantity);
        }
      });
      const answers: OrderValue[] = [];
      const reader = (async () => {
        while (storming) {
          const answer = await committedOrder(order.id);
          if (answer) answers.push(answer);
        }
      })();

      for (let restart = 0; restart < RESTARTS; restart++) {
        await redis.kill();
        await pause(DOWN_MS);
        await redis.start();
        await waitForPubsub(stack.url, 'up', CONVERGE_MS);
        // Let the resyncs run while the writers keep committing, before the next cut.
        await pause(200);
      }
      storming = false;
      await Promise.all([...writers, reader]);

      const last = (await committedOrder(order.id))!;
      for (const subscriber of subscribers) {
        await subscriber.waitFor((value) => value.cartUpdated.version === last.version, CONVERGE_MS);
      }
      const delivered = subscribers.flatMap((subscriber) => subscriber.values.map((v) => v.cartUpdated));
      // The storm really overlapped the reconnects: many commits, each seen by some subscriber or reader.
      expect(new Set(delivered.map((value) => value.version)).size).toBeGreaterThan(20);
      expect(answers.length).toBeGreaterThan(20);
      expect(committed.uncommitted(delivered)).toEqual([]);
      expect(committed.uncommitted(answers)).toEqual([]);
      for (const subscriber of subscribers) {
        const versions = subscriber.values.map((value) => value.cartUpdated.version);
        for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
        expect(subscriber.values.at(-1)!.cartUpdated).toEqual(last);
      }
      for (const subscriber of subscribers) subscriber.stop();
      await Promise.all(clients.map((client) => client.dispose()));
    },
    TEST_TIMEOUT_MS,
  );
});
