import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { JWT_SECRET, REDIS_URL } from '../support/env.ts';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { type Live, live, must, request, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated, OrderQuery } from '../support/operations.ts';
import { type ServerProcess, spawnServer } from '../support/process.ts';
import { uniquePrefix } from '../support/server.ts';

/** A guard against hangs: every kill means starting a process again, slow on a loaded machine. */
const TEST_TIMEOUT_MS = 240_000;
/** The bound the relay promises with the test's settings (grace 500 ms + passes every 200 ms). */
const SURVIVOR_BOUND_MS = 2_000;

type CartValue = { cartUpdated: { version: number } & Record<string, unknown> };

let database: TestDatabase;
let env: Record<string, string>;
let survivor: ServerProcess;
let adminToken: string;
let products: Record<string, string>;
const victims: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    CHANNEL_PREFIX: uniquePrefix(),
    JWT_SECRET,
    LOG_LEVEL: 'info',
    MUTATION_RATE_LIMIT: '1000000',
    OUTBOX_RELAY_GRACE_MS: '500',
    OUTBOX_RELAY_INTERVAL_MS: '200',
  };
  survivor = await spawnServer({ ...env, MIGRATE_ON_START: 'true' }, { startTimeoutMs: 120_000 });
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
  products = await seedProducts(survivor.url, adminToken, { Tea: '2.20', Cake: '3.35' });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([survivor?.stop(), ...victims.map((victim) => victim.stop('SIGKILL'))]);
  await database?.drop();
});

async function subscribeOnSurvivor(orderIds: readonly string[], perOrder: number) {
  const staffToken = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'staff' }, '1h');
  const clients = Array.from({ length: 4 }, () => wsClient(survivor.url, staffToken));
  const subscribers = new Map<string, Live<CartValue>[]>();
  orderIds.forEach((orderId, index) => {
    subscribers.set(
      orderId,
      Array.from({ length: perOrder }, (_, n) =>
        live(clients[(index + n) % clients.length]!, CartUpdated, { orderId }),
      ) as Live<CartValue>[],
    );
  });
  await Promise.all([...subscribers.values()].flat().map((s) => s.waitFor(() => true, 30_000)));
  return { clients, subscribers, staffToken };
}

async function committedOnSurvivor(orderId: string, token: string) {
  return (await must(survivor.url, OrderQuery, { id: orderId }, token)).order!;
}

describe('a process killed between COMMIT and PUBLISH', () => {
  it(
    'leaves every subscriber on the surviving process holding the committed version within 2 s',
    async () => {
      const victim = await spawnServer({ ...env, FAULT_AFTER_COMMIT: 'kill' }, { startTimeoutMs: 120_000 });
      victims.push(victim);
      const orders = await Promise.all([newOrder(survivor.url), newOrder(survivor.url)]);
      const { clients, subscribers, staffToken } = await subscribeOnSurvivor(
        orders.map(({ order }) => order.id),
        10,
      );
      const target = orders[0]!;
      const exited = new Promise((resolve) => victim.child.once('exit', resolve));
      // The victim commits, then dies before publishing or answering.
      const answer = await request(
        victim.url,
        AddItem,
        { input: { orderId: target.order.id, productId: products.Tea!, quantity: 2 } },
        target.customerToken,
      ).catch((error: unknown) => error);
      expect(answer).toBeInstanceOf(Error);
      await exited;
      expect(victim.child.signalCode).toBe('SIGKILL');
      const killedAt = Date.now();

      const committed = await committedOnSurvivor(target.order.id, staffToken);
      expect(committed.itemCount).toBe(2);
      for (const subscriber of subscribers.get(target.order.id)!) {
        const reached = await subscriber.waitFor(
          (value) => value.cartUpdated.version === committed.version,
          Math.max(1, killedAt + SURVIVOR_BOUND_MS - Date.now()),
        );
        expect(reached.cartUpdated).toEqual(committed);
      }
      expect(Date.now() - killedAt).toBeLessThanOrEqual(SURVIVOR_BOUND_MS);
      for (const subscriber of [...subscribers.values()].flat()) subscriber.stop();
      await Promise.all(clients.map((client) => client.dispose()));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'converges every subscriber to the committed state after SIGKILL of a process under 64 concurrent edits',
    async () => {
      const orders = await Promise.all(Array.from({ length: 8 }, () => newOrder(survivor.url)));
      const { clients, subscribers, staffToken } = await subscribeOnSurvivor(
        orders.map(({ order }) => order.id),
        4,
      );
      for (let round = 0; round < 2; round++) {
        const victim = await spawnServer(env, { startTimeoutMs: 120_000 });
        victims.push(victim);
        let answered = 0;
        const edits = Array.from({ length: 64 }, (_, index) => {
          const { order, customerToken } = orders[index % orders.length]!;
          return request(
            victim.url,
            AddItem,
            { input: { orderId: order.id, productId: products[index % 2 ? 'Tea' : 'Cake']!, quantity: 1 } },
            customerToken,
          ).then(
            () => {
              answered++;
            },
            () => {},
          );
        });
        // Kill it mid-flight: some edits answered, others committed unanswered, others never reached it.
        const deadline = Date.now() + 60_000;
        while (answered < 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
        await victim.stop('SIGKILL');
        await Promise.all(edits);

        for (const { order } of orders) {
          const committed = await committedOnSurvivor(order.id, staffToken);
          for (const subscriber of subscribers.get(order.id)!) {
            const reached = await subscriber.waitFor(
              (value) => value.cartUpdated.version === committed.version,
              15_000,
            );
            expect(reached.cartUpdated).toEqual(committed);
          }
        }
      }
      for (const list of subscribers.values()) {
        for (const subscriber of list) {
          const versions = subscriber.values.map((value) => value.cartUpdated.version);
          for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
        }
      }
      for (const subscriber of [...subscribers.values()].flat()) subscriber.stop();
      await Promise.all(clients.map((client) => client.dispose()));
    },
    TEST_TIMEOUT_MS,
  );
});
