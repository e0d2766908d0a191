import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must } from '../support/graphql.ts';
import { Products } from '../support/operations.ts';
import { postQuery } from '../support/raw.ts';
import { startStack, type TestStack } from '../support/server.ts';

/**
 * A cursor travels through the client, so every value decoded from it is an input like any other: a forged one is
 * `BAD_INPUT` naming `after` or `before`, never a database error. Each connection is forged part by part, from a
 * key of the right shape with one part replaced by a value its column cannot take or the type does not allow.
 */

let stack: TestStack;
let productId: string;

beforeAll(async () => {
  stack = await startStack();
  await newOrder(stack.url);
  await setRates(stack.url, stack.adminToken, '5', '0');
  productId = Object.values(await seedProducts(stack.url, stack.adminToken, { Apple: '1.00' }))[0] as string;
});

afterAll(async () => {
  await stack?.close();
});

type Part = 'int' | 'bigint' | 'uuid' | 'name' | 'instant';

/** Values no part of that kind may take: each would reach a query it cannot belong to. */
const forgeries: Record<Part, [string, unknown][]> = {
  int: [
    ['zero', 0],
    ['a negative number', -1],
    ['a fraction', 1.5],
    ['a number beyond a PostgreSQL integer', 2 ** 31],
    ['a number beyond JavaScript integers', 2 ** 60],
    ['a numeric string', '1'],
    ['null', null],
  ],
  bigint: [
    ['zero', 0],
    ['a number beyond JavaScript integers', 2 ** 60],
    ['a string', 'a\u0000b'],
  ],
  uuid: [
    ['a NUL character', 'a\u0000b'],
    ['a string that is no uuid', 'not-a-uuid'],
    ['a number', 42],
  ],
  name: [
    ['a NUL character', 'a\u0000b'],
    ['a name longer than any product name', 'x'.repeat(201)],
    ['a number', 7],
    ['a list', ['Apple']],
  ],
  instant: [
    ['year 0', '0000-01-01T00:00:00Z'],
    ['30 February', '2026-02-30T00:00:00.000Z'],
    ['year 10000', '+010000-01-01T00:00:00.000Z'],
    ['a local time', '2026-01-01T00:00:00'],
    ['a NUL character', '2026-01-01T00:00:00Z\u0000'],
    ['text', 'yesterday'],
    ['a number', 0],
  ],
};

interface Connection {
  /** The query, with `$a`/`$b` for after/before. */
  query: string;
  token: () => string | undefined;
  /** The key parts of a well-formed cursor, and their kinds. */
  key: () => unknown[];
  parts: Part[];
}

const staff = () => stack.staffToken;
const connections: Record<string, Connection> = {
  orders: {
    query: 'query($a:String,$b:String){orders(first:1,after:$a,before:$b){nodes{id}}}',
    token: staff,
    key: () => [1],
    parts: ['int'],
  },
  products: {
    query: 'query($a:String,$b:String){products(first:1,after:$a,before:$b){nodes{id}}}',
    token: () => undefined,
    key: () => ['Apple', productId],
    parts: ['name', 'uuid'],
  },
  settingsHistory: {
    query: 'query($a:String,$b:String){settingsHistory(first:1,after:$a,before:$b){nodes{id}}}',
    token: staff,
    key: () => ['2026-01-01T00:00:00.000Z', crypto.randomUUID()],
    parts: ['instant', 'uuid'],
  },
  priceChanges: {
    query: 'query($a:String,$b:String){priceChanges(first:1,after:$a,before:$b){nodes{number}}}',
    token: staff,
    key: () => [1],
    parts: ['int'],
  },
  repricedOrders: {
    query:
      'query($a:String,$b:String){priceChange(number:1){repricedOrders(first:1,after:$a,before:$b){nodes{orderId}}}}',
    token: staff,
    key: () => [1, 1],
    parts: ['int', 'bigint'],
  },
};

function cursor(list: string, key: unknown[]): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

async function page(list: string, argument: 'after' | 'before', value: string) {
  const connection = connections[list] as Connection;
  const variables = argument === 'after' ? { a: value } : { b: value };
  return postQuery(stack.url, connection.query, variables, connection.token());
}

const forgedCases = Object.entries(connections).flatMap(([list, connection]) =>
  connection.parts.flatMap((part, index) =>
    forgeries[part].map(([name, value]) => ({
      list,
      index,
      name: `${part} part ${index + 1}: ${name}`,
      value,
    })),
  ),
);

describe.each(['after', 'before'] as const)('forged %s cursors', (argument) => {
  it.each(Object.keys(connections))('%s takes a well-formed cursor', async (list) => {
    const response = await page(list, argument, cursor(list, (connections[list] as Connection).key()));
    expect(response.json?.errors).toBeUndefined();
  });

  it.each(forgedCases)('$list refuses $name', async ({ list, index, value }) => {
    const key = (connections[list] as Connection).key();
    key[index] = value;
    const response = await page(list, argument, cursor(list, key));
    expect(response.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: argument });
  });

  it.each(Object.keys(connections))('%s refuses an empty cursor', async (list) => {
    const response = await page(list, argument, '');
    expect(response.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: argument });
  });

  it.each(Object.keys(connections))('%s refuses a key with a part missing or added', async (list) => {
    const key = (connections[list] as Connection).key();
    for (const forged of [key.slice(1), [...key, 1]]) {
      const response = await page(list, argument, cursor(list, forged));
      expect(response.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: argument });
    }
  });
});

it('pages past a product whose name is as long as names go, in characters of three UTF-8 bytes', async () => {
  const euros = '€'.repeat(199);
  await seedProducts(stack.url, stack.adminToken, { [`a${euros}`]: '2.00', [`b${euros}`]: '2.00' });
  const first = await must(stack.url, Products, { search: '€', first: 1 });
  const next = await must(stack.url, Products, {
    search: '€',
    first: 1,
    after: first.products.pageInfo.endCursor,
  });
  expect(next.products.edges.map((edge) => edge.node.name)).toEqual([`b${euros}`]);
});
