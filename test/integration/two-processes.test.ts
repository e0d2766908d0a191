import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.ts';
import { startTwoProcesses, type TwoProcesses } from '../support/cluster.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { live, must, wsClient } from '../support/graphql.ts';
import { AddItem, CartUpdated } from '../support/operations.ts';
import type { ServerProcess } from '../support/process.ts';

let cluster: TwoProcesses;
let processA: ServerProcess;
let processB: ServerProcess;
let adminToken: string;

beforeAll(async () => {
  cluster = await startTwoProcesses();
  ({ a: processA, b: processB } = cluster);
  adminToken = await signToken(JWT_SECRET, { role: 'ADMIN', sub: 'admin' }, '1h');
});

afterAll(async () => {
  await cluster?.close();
});

describe('two API processes sharing PostgreSQL and Redis', () => {
  it('runs as two separate operating-system processes', () => {
    expect(processA.pid).not.toBe(processB.pid);
    expect(processA.pid).not.toBe(process.pid);
    expect(processA.port).not.toBe(processB.port);
  });

  it('delivers a mutation sent to process A to a cartUpdated subscriber on process B', async () => {
    const products = await seedProducts(processA.url, adminToken, { Tea: '2.20' });
    const { order, customerToken } = await newOrder(processA.url);
    const client = wsClient(processB.url, customerToken);
    const cart = live(client, CartUpdated, { orderId: order.id });
    await cart.waitFor((value) => value.cartUpdated.version === order.version);

    await must(
      processA.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Tea!, quantity: 3 } },
      customerToken,
    );
    const updated = await cart.waitFor((value) => value.cartUpdated.itemCount === 3);
    expect(updated.cartUpdated.subtotal).toBe('6.60');
    cart.stop();
    await client.dispose();
  });

  it('re-prices an order whose subscriber is on A when settings change on B', async () => {
    const products = await seedProducts(processA.url, adminToken, { Pretzel: '4.00' });
    const { order, customerToken } = await newOrder(processA.url);
    await must(
      processA.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Pretzel!, quantity: 1 } },
      customerToken,
    );
    const client = wsClient(processA.url, customerToken);
    const cart = live(client, CartUpdated, { orderId: order.id });
    await cart.waitFor((value) => value.cartUpdated.itemCount === 1);

    await setRates(processB.url, adminToken, '20', '5');
    // 4.00; surcharge 5 % = 0.20; tax 20 % of 4.20 = 0.84; total 5.04
    const repriced = await cart.waitFor((value) => value.cartUpdated.taxRatePercent === '20');
    expect(repriced.cartUpdated).toMatchObject({ surcharge: '0.20', tax: '0.84', total: '5.04' });
    cart.stop();
    await client.dispose();
  });
});
