import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder } from '../support/fixtures.ts';
import { scrapeMetric, waitForMetric } from '../support/metrics.ts';
import { CartUpdated, SettingsUpdated } from '../support/operations.ts';
import { openAcknowledgedSocket } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;

beforeAll(async () => {
  // Pings every second: a peer that has not answered one by the next is terminated (within ~2 s). Shorter
  // intervals flake on a loaded machine, where the test's own event loop (client and server) can stall that long.
  stack = await startStack({ env: { WS_KEEPALIVE_MS: '1000' } });
});

afterAll(async () => {
  await stack?.close();
});

async function gauges() {
  return {
    connections: await scrapeMetric(stack.url, 'pos_websocket_connections'),
    cart: await scrapeMetric(stack.url, 'pos_active_subscriptions', { field: 'cartUpdated' }),
    settings: await scrapeMetric(stack.url, 'pos_active_subscriptions', { field: 'settingsUpdated' }),
  };
}

async function subscribeBoth(answerPings: () => boolean = () => true) {
  const { order, customerToken } = await newOrder(stack.url);
  const socket = await openAcknowledgedSocket(stack.url, customerToken, answerPings);
  socket.send({
    id: 'cart',
    type: 'subscribe',
    payload: { query: print(CartUpdated), variables: { orderId: order.id } },
  });
  socket.send({ id: 'settings', type: 'subscribe', payload: { query: print(SettingsUpdated) } });
  await socket.message((message) => message.id === 'cart' && message.type === 'next');
  return socket;
}

describe('dead peers', () => {
  it('terminates a peer that stops answering pings and returns the gauges to their baseline', async () => {
    const baseline = await gauges();
    let alive = true;
    const silent = await subscribeBoth(() => alive);
    await waitForMetric(
      stack.url,
      'pos_active_subscriptions',
      { field: 'settingsUpdated' },
      (value) => value === baseline.settings + 1,
    );
    expect(await gauges()).toEqual({
      connections: baseline.connections + 1,
      cart: baseline.cart + 1,
      settings: baseline.settings + 1,
    });

    // From now on the client neither answers nor closes: only the server's keep-alive can notice it is gone.
    alive = false;
    const closed = await silent.closed(5_000);
    expect(closed.code).toBe(1006);
    await waitForMetric(
      stack.url,
      'pos_websocket_connections',
      {},
      (value) => value === baseline.connections,
    );
    expect(await gauges()).toEqual(baseline);
  });

  it('cleans up after a client whose connection drops without a close frame', async () => {
    const baseline = await gauges();
    const dropped = await subscribeBoth();
    await waitForMetric(
      stack.url,
      'pos_active_subscriptions',
      { field: 'settingsUpdated' },
      (value) => value === baseline.settings + 1,
    );
    dropped.socket.terminate();
    await waitForMetric(
      stack.url,
      'pos_websocket_connections',
      {},
      (value) => value === baseline.connections,
    );
    await waitForMetric(
      stack.url,
      'pos_active_subscriptions',
      { field: 'cartUpdated' },
      (value) => value === baseline.cart,
    );
    expect(await gauges()).toEqual(baseline);
  });

  it('keeps a peer that answers pings connected across many ping intervals', async () => {
    const healthy = await subscribeBoth();
    const pings = await new Promise<number>((resolve) => {
      let count = 0;
      healthy.socket.on('ping', () => {
        count++;
        if (count === 2) resolve(count);
      });
    });
    expect(pings).toBe(2);
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
    healthy.socket.close();
    await healthy.closed();
  });
});
