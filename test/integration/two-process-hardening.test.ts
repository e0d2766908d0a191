import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { startTwoProcesses, type TwoProcesses } from '../support/cluster.ts';
import { queryDatabase } from '../support/database.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, request, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery } from '../support/operations.ts';
import type { ServerProcess } from '../support/process.ts';
import { openAcknowledgedSocket } from '../support/raw.ts';

/** A guard against hangs, not a speed target: on a loaded shared 2-CPU machine these tests took over 30 s. */
const HEAVY_TEST_TIMEOUT_MS = 120_000;
let cluster: TwoProcesses;
let processA: ServerProcess;
let processB: ServerProcess;
let adminToken: string;
let staffToken: string;

beforeAll(async () => {
  cluster = await startTwoProcesses({ SHUTDOWN_GRACE_MS: '5000' });
  ({ a: processA, b: processB } = cluster);
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
  staffToken = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'staff' }, '1h');
});

/** Two API processes on one database and Redis; the last test stops A with SIGTERM while B keeps serving. */
afterAll(async () => {
  await cluster?.close();
});

describe('100 concurrent addItem on one order from two processes', () => {
  it(
    'ends with exactly the right quantity and total, and strictly increasing versions for every subscriber',
    async () => {
      const products = await seedProducts(processA.url, adminToken, { Espresso: '2.35', Muffin: '3.10' });
      await setRates(processA.url, adminToken, '8.875', '2.5');
      const { order, customerToken } = await newOrder(processA.url);

      const clients = [wsClient(processA.url, customerToken), wsClient(processB.url, staffToken)];
      const subscribers = clients.map((client) => live(client, CartUpdated, { orderId: order.id }));
      await Promise.all(subscribers.map((s) => s.waitFor((v) => v.cartUpdated.version === order.version)));

      // Half the requests through each process, all at once: both processes race for the same order row.
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          must(
            index % 2 === 0 ? processA.url : processB.url,
            AddItem,
            {
              input: {
                orderId: order.id,
                productId: index % 4 < 2 ? products.Espresso! : products.Muffin!,
                quantity: 1,
              },
            },
            customerToken,
          ),
        ),
      );
      expect(results.filter((result) => result.addItem.__typename === 'Order')).toHaveLength(100);

      const committed = (await must(processB.url, OrderQuery, { id: order.id }, staffToken)).order!;
      // 50 × 2.35 + 50 × 3.10 = 272.50; surcharge 2.5 % = 6.8125 → 6.81; tax 8.875 % of 279.31 = 24.7887… → 24.79
      expect(committed.items.map((item) => [item.name, item.quantity]).sort()).toEqual([
        ['Espresso', 50],
        ['Muffin', 50],
      ]);
      expect(committed).toMatchObject({
        itemCount: 100,
        subtotal: '272.50',
        surcharge: '6.81',
        tax: '24.79',
      });
      expect(committed.total).toBe('304.10');
      // One commit per addItem: the version moved exactly 100 times.
      expect(committed.version).toBe(order.version + 100);
      const [row] = await queryDatabase<{ quantity: string }>(
        cluster.database.url,
        'select sum(quantity) as quantity from order_item where order_id = $1',
        [order.id],
      );
      expect(Number(row?.quantity)).toBe(100);

      for (const subscriber of subscribers) {
        const last = await subscriber.waitFor(
          (value) => value.cartUpdated.version === committed.version,
          30_000,
        );
        expect(last.cartUpdated).toEqual(committed);
        const versions = subscriber.values.map((value) => value.cartUpdated.version);
        for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
      }
      for (const subscriber of subscribers) subscriber.stop();
      await Promise.all(clients.map((client) => client.dispose()));
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});

type Outcome = { kind: 'committed'; version: number } | { kind: 'rejected'; detail: string };

describe('SIGTERM with in-flight mutations', () => {
  it(
    'commits and publishes each in-flight mutation or rejects it cleanly, closes sockets with 1001, exits 0',
    async () => {
      const products = await seedProducts(processB.url, adminToken, { Nachos: '6.25' });
      const { order, customerToken } = await newOrder(processB.url);
      const watcherClient = wsClient(processB.url, customerToken);
      const watcher = live(watcherClient, CartUpdated, { orderId: order.id });
      await watcher.waitFor((value) => value.cartUpdated.version === order.version);
      const socketOnA = await openAcknowledgedSocket(processA.url, customerToken);

      const attempt = async (): Promise<Outcome> => {
        try {
          const response = await request(
            processA.url,
            AddItem,
            { input: { orderId: order.id, productId: products.Nachos!, quantity: 1 } },
            customerToken,
          );
          if (response.data?.addItem.__typename === 'Order') {
            return { kind: 'committed', version: response.data.addItem.version };
          }
          return { kind: 'rejected', detail: `${response.status} ${JSON.stringify(response.errors)}` };
        } catch (error) {
          return { kind: 'rejected', detail: String((error as Error).cause ?? error) };
        }
      };
      const inFlight = Array.from({ length: 40 }, attempt);
      // Signal once the first has committed: the others are queued on the order row or still executing.
      await Promise.race(inFlight);
      const stopped = processA.stop('SIGTERM');
      // Requests sent while it drains: served (if they arrive first) or refused, never half-done.
      const late = Array.from({ length: 10 }, attempt);
      const exitCode = await stopped;
      const outcomes = await Promise.all([...inFlight, ...late]);

      // Exit 0 means the drain finished (SHUTDOWN_GRACE_MS bounds it); the test timeout guards a hang.
      expect(exitCode).toBe(0);
      expect((await socketOnA.closed()).code).toBe(1001);

      const committed = outcomes.filter((outcome) => outcome.kind === 'committed');
      const rejected = outcomes.filter((outcome) => outcome.kind === 'rejected');
      expect(committed.length).toBeGreaterThan(0);
      // A rejection is a refused or closed connection, never a half-done mutation reported as a server error.
      for (const outcome of rejected) expect(outcome.detail).not.toMatch(/INTERNAL|Unexpected error/);

      const [row] = await queryDatabase<{ quantity: string | null }>(
        cluster.database.url,
        'select sum(quantity) as quantity from order_item where order_id = $1',
        [order.id],
      );
      expect(Number(row?.quantity ?? 0)).toBe(committed.length);
      const final = (await must(processB.url, OrderQuery, { id: order.id }, customerToken)).order!;
      expect(final.itemCount).toBe(committed.length);
      // Every committed mutation was published: the subscriber on the surviving process reaches the final state.
      const last = await watcher.waitFor((value) => value.cartUpdated.version === final.version, 30_000);
      expect(last.cartUpdated).toEqual(final);

      watcher.stop();
      await watcherClient.dispose();
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
