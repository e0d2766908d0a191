import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_TOKEN_LIFETIME_SECONDS,
  signToken,
  TokenClaimError,
  TokenLifetimeError,
} from '../../src/auth/tokens.ts';
import { JWT_SECRET } from '../support/env.ts';
import { newOrder, seedProducts } from '../support/fixtures.ts';
import { live, must, request, wsClient } from '../support/graphql.ts';
import {
  AddItem,
  CartUpdated,
  CreateCategory,
  OrderQuery,
  SettingsHistory,
  SettingsUpdated,
  UpdateProduct,
  UpdateSettings,
} from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

let stack: TestStack;
let products: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  products = await seedProducts(stack.url, stack.adminToken, { Water: '1.00' });
});

afterAll(async () => {
  await stack?.close();
});

function codes(response: { errors?: { extensions?: Record<string, unknown> }[] }): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * Checks that `token` (named `name` in a failure) is refused on both transports: HTTP answers 401 with
 * UNAUTHENTICATED, and a WebSocket subscription is closed with 4403.
 */
async function expectRefusedEverywhere(name: string, token: string): Promise<void> {
  const response = await request(stack.url, SettingsHistory, {}, token);
  expect({ name, status: response.status, codes: codes(response) }).toEqual({
    name,
    status: 401,
    codes: ['UNAUTHENTICATED'],
  });
  const client = wsClient(stack.url, token);
  const error = await live(client, SettingsUpdated, {}).waitForError();
  expect({ name, code: (error as { code?: number }).code }).toEqual({ name, code: 4403 });
  await client.dispose();
}

describe('auth', () => {
  it('rejects admin mutations without a token as UNAUTHENTICATED and changes nothing', async () => {
    const response = await request(stack.url, UpdateSettings, { input: { taxRatePercent: '50' } });
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeFalsy();
    const settings = await must(stack.url, SettingsHistory, {}, stack.staffToken);
    expect(settings.settingsHistory.nodes).toHaveLength(0);
  });

  it('rejects settings and catalogue mutations from staff and customers as FORBIDDEN', async () => {
    const { customerToken } = await newOrder(stack.url);
    for (const token of [stack.staffToken, customerToken]) {
      expect(
        codes(await request(stack.url, UpdateSettings, { input: { taxRatePercent: '50' } }, token)),
      ).toEqual(['FORBIDDEN']);
      expect(codes(await request(stack.url, CreateCategory, { input: { name: 'Sneaky' } }, token))).toEqual([
        'FORBIDDEN',
      ]);
      expect(
        codes(
          await request(stack.url, UpdateProduct, { input: { id: products.Water!, price: '0.01' } }, token),
        ),
      ).toEqual(['FORBIDDEN']);
    }
  });

  it("keeps a customer out of another customer's order: query, mutation and subscription", async () => {
    const mine = await newOrder(stack.url);
    const theirs = await newOrder(stack.url);
    await must(
      stack.url,
      AddItem,
      { input: { orderId: theirs.order.id, productId: products.Water!, quantity: 1 } },
      theirs.customerToken,
    );

    const query = await request(stack.url, OrderQuery, { id: theirs.order.id }, mine.customerToken);
    expect(codes(query)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(query)).not.toContain('Water');

    const mutation = await request(
      stack.url,
      AddItem,
      { input: { orderId: theirs.order.id, productId: products.Water!, quantity: 5 } },
      mine.customerToken,
    );
    expect(codes(mutation)).toEqual(['FORBIDDEN']);
    const unchanged = await must(stack.url, OrderQuery, { id: theirs.order.id }, theirs.customerToken);
    expect(unchanged.order?.itemCount).toBe(1);

    const client = wsClient(stack.url, mine.customerToken);
    const subscription = live(client, CartUpdated, { orderId: theirs.order.id });
    const error = await subscription.waitForError();
    expect(JSON.stringify(error)).toContain('FORBIDDEN');
    expect(subscription.values).toHaveLength(0);
    await client.dispose();
  });

  it('lets staff read and subscribe to any order', async () => {
    const { order } = await newOrder(stack.url);
    const read = await must(stack.url, OrderQuery, { id: order.id }, stack.staffToken);
    expect(read.order?.id).toBe(order.id);
    const client = wsClient(stack.url, stack.staffToken);
    const subscription = live(client, CartUpdated, { orderId: order.id });
    await subscription.waitFor((value) => value.cartUpdated.id === order.id);
    subscription.stop();
    await client.dispose();
  });

  it('rejects tokens that are expired, wrongly signed, unsigned or missing claims', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const expired = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('late')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const wrongSecret = await signToken(
      'another-secret-another-secret-another',
      { role: 'ADMIN', sub: 'x' },
      '1h',
    );
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', role: 'ADMIN' })).toString('base64url');
    const unsigned = `${header}.${body}.`;
    const noRole = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(key);
    const customerWithoutOrder = await new SignJWT({ role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(key);
    for (const token of [expired, wrongSecret, unsigned, noRole, customerWithoutOrder, 'garbage']) {
      const response = await request(stack.url, UpdateSettings, { input: { taxRatePercent: '1' } }, token);
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses tokens that never expire, outlive 7 days or claim to be issued in the future', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const day = 86_400;
    const sign = (claims: { iat?: number; exp?: number }) => {
      const jwt = new SignJWT({ role: 'ADMIN', ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x');
      return jwt.sign(key);
    };
    const refused = {
      'no exp': await sign({ iat: now }),
      'no iat': await sign({ exp: now + 3600 }),
      'neither iat nor exp': await sign({}),
      '7 days and a second': await sign({ iat: now, exp: now + 7 * day + 1 }),
      'a year': await sign({ iat: now, exp: now + 365 * day }),
      'issued long ago, still unexpired': await sign({ iat: now - 30 * day, exp: now + day }),
      'issued in the future': await sign({ iat: now + day, exp: now + 2 * day }),
    };
    for (const [name, token] of Object.entries(refused)) await expectRefusedEverywhere(name, token);
    const longest = await sign({ iat: now, exp: now + 7 * day });
    expect(codes(await request(stack.url, SettingsHistory, {}, longest))).toEqual([]);
  });

  it('refuses a token whose subject could never be recorded: HTTP 401, WebSocket 4403', async () => {
    const key = new TextEncoder().encode(JWT_SECRET);
    const withSubject = (sub: string) =>
      new SignJWT({ role: 'STAFF' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
    const refused = {
      '201 characters': await withSubject('s'.repeat(201)),
      'U+0000': await withSubject('till\u00001'),
      'a line break': await withSubject('till\n1'),
    };
    for (const [name, token] of Object.entries(refused)) await expectRefusedEverywhere(name, token);
    // The longest subject accepted is recorded as it is, on every write.
    const longest = await withSubject('s'.repeat(200));
    const { customerToken, order } = await newOrder(stack.url, longest);
    expect(customerToken).toBeTruthy();
    const added = await request(
      stack.url,
      AddItem,
      { input: { orderId: order.id, productId: products.Water!, quantity: 1 } },
      longest,
    );
    expect(added.errors).toBeUndefined();
  });

  it('mints no token whose subject could not be recorded', async () => {
    for (const sub of ['', 's'.repeat(201), 'till\u00001', 'till\t1']) {
      await expect(signToken(JWT_SECRET, { role: 'STAFF', sub }, '1h')).rejects.toThrow(TokenClaimError);
    }
    await expect(signToken(JWT_SECRET, { role: 'STAFF', sub: 's'.repeat(200) }, '1h')).resolves.toBeTruthy();
  });

  it('mints tokens within the maximum lifetime only', async () => {
    await expect(signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, '8d')).rejects.toThrow(
      TokenLifetimeError,
    );
    await expect(signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, '8d')).rejects.toThrow(
      'a token lives at most 7 days; "8d" is longer',
    );
    await expect(signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, 'a week')).rejects.toThrow(
      '"a week" is not a lifetime such as 30m, 12h or 7d',
    );
    for (const tooShort of ['-1h', '0s']) {
      await expect(signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, tooShort)).rejects.toThrow(
        TokenLifetimeError,
      );
      await expect(signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, tooShort)).rejects.toThrow(
        `a token must expire after it is issued; "${tooShort}" is not in the future`,
      );
    }
    const token = await signToken(JWT_SECRET, { role: 'STAFF', sub: 'till' }, '7d');
    const { iat = 0, exp = 0 } = decodeJwt(token);
    expect(exp - iat).toBe(MAX_TOKEN_LIFETIME_SECONDS);
    expect(MAX_TOKEN_LIFETIME_SECONDS).toBe(7 * 86_400);
  });

  it('refuses a WebSocket connection whose token is invalid', async () => {
    const client = wsClient(stack.url, 'not-a-token');
    const subscription = live(client, CartUpdated, { orderId: '00000000-0000-0000-0000-000000000000' });
    const error = await subscription.waitForError();
    expect((error as { code?: number }).code).toBe(4403);
    await client.dispose();
  });
});
