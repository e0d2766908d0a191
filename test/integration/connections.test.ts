import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, seedProducts, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import { OrderConnectionPage, Products, SettingsHistoryConnection } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

const MAX_PAGE_SIZE = 4;
const ORDERS = 9;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) } });
  for (let i = 0; i < ORDERS; i++) await newOrder(stack.url);
  for (let i = 1; i <= 3; i++) await setRates(stack.url, stack.adminToken, String(i), String(i));
  // Two menus sharing names: the catalogue's order breaks ties between equal names by id.
  const menu = { Apple: '1.00', Bagel: '2.00', Cake: '3.00', Donut: '1.50', Eclair: '2.50' };
  await seedProducts(stack.url, stack.adminToken, menu);
  await seedProducts(stack.url, stack.adminToken, {
    Bagel: '2.10',
    Cake: '3.10',
    Fig: '0.90',
    Apple: '1.10',
  });
});

afterAll(async () => {
  await stack?.close();
});

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor?: string | null;
    endCursor?: string | null;
  };
}
type PageArgs = { first?: number; last?: number; after?: string; before?: string };

const lists = {
  orders: async (args: PageArgs): Promise<Page> =>
    (await must(stack.url, OrderConnectionPage, args, stack.staffToken)).orders,
  settingsHistory: async (args: PageArgs): Promise<Page> =>
    (await must(stack.url, SettingsHistoryConnection, args, stack.staffToken)).settingsHistory,
  // Anyone reads the catalogue: no token.
  products: async (args: PageArgs): Promise<Page> => (await must(stack.url, Products, args)).products,
};

function expectWellFormed(page: Page): void {
  expect(page.pageInfo.startCursor ?? null).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor ?? null).toBe(page.edges.at(-1)?.cursor ?? null);
  expect(new Set(page.edges.map((edge) => edge.cursor)).size).toBe(page.edges.length);
}

async function everyId(list: keyof typeof lists): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await lists[list]({ first: MAX_PAGE_SIZE, after });
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor ?? undefined;
  }
}

describe.each(Object.keys(lists) as (keyof typeof lists)[])('%s as a Relay connection', (list) => {
  it('pages forward with first/after and backward with last/before through the same rows', async () => {
    const all = await everyId(list);
    expect(all.length).toBeGreaterThan(MAX_PAGE_SIZE);
    expect(new Set(all).size).toBe(all.length);

    for (const size of [1, 2, 3]) {
      const forward: string[] = [];
      let after: string | undefined;
      let page: Page;
      do {
        page = await lists[list]({ first: size, after });
        expectWellFormed(page);
        expect(page.edges.length).toBeLessThanOrEqual(size);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
        forward.push(...page.edges.map((edge) => edge.node.id));
        after = page.pageInfo.endCursor ?? undefined;
      } while (page.pageInfo.hasNextPage);
      expect(forward).toEqual(all);

      const backward: string[] = [];
      let before: string | undefined;
      do {
        page = await lists[list]({ last: size, before });
        expectWellFormed(page);
        backward.unshift(...page.edges.map((edge) => edge.node.id));
        before = page.pageInfo.startCursor ?? undefined;
      } while (page.pageInfo.hasPreviousPage);
      expect(backward).toEqual(all);
    }
  });

  it('returns the rows strictly between after and before', async () => {
    const first = await lists[list]({ first: MAX_PAGE_SIZE });
    const [from, , , to] = first.edges;
    const between = await lists[list]({ first: MAX_PAGE_SIZE, after: from?.cursor, before: to?.cursor });
    expect(between.edges.map((edge) => edge.node.id)).toEqual(
      first.edges.slice(1, 3).map((edge) => edge.node.id),
    );
  });

  it('gives an empty page null cursors', async () => {
    const empty = await lists[list]({ first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toMatchObject({ startCursor: null, endCursor: null });
  });
});

describe('connection arguments', () => {
  const foreignCursor = Buffer.from(
    JSON.stringify(['settingsHistory', new Date().toISOString(), crypto.randomUUID()]),
  ).toString('base64url');
  const cases: [string, PageArgs, string][] = [
    ['a negative first', { first: -1 }, 'first'],
    ['first above the page size', { first: MAX_PAGE_SIZE + 1 }, 'first'],
    ['a huge first', { first: 2 ** 31 - 1 }, 'first'],
    ['a negative last', { last: -1 }, 'last'],
    ['last above the page size', { last: MAX_PAGE_SIZE + 1 }, 'last'],
    ['first and last together', { first: 1, last: 1 }, 'last'],
    ['an after that is not base64', { after: '%%%' }, 'after'],
    ['an after of another list', { after: foreignCursor }, 'after'],
    [
      'an after with a non-numeric key',
      { after: Buffer.from('["orders","1"]').toString('base64url') },
      'after',
    ],
    [
      'an after with extra key parts',
      { after: Buffer.from('["orders",1,2]').toString('base64url') },
      'after',
    ],
    ['an after that is not JSON', { after: Buffer.from('orders:1').toString('base64url') }, 'after'],
    ['a before far too long', { before: 'A'.repeat(10_000) }, 'before'],
  ];

  it.each(cases)('refuses %s naming the argument', async (_name, args, argument) => {
    const response = await request(stack.url, OrderConnectionPage, args, stack.staffToken);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: argument });
    expect(response.errors?.[0]?.message).toContain(argument);
  });

  it('lists products in name order across pages, with the filter applied to every page', async () => {
    const names: string[] = [];
    let after: string | undefined;
    let page: Awaited<ReturnType<typeof lists.products>>;
    do {
      const { products } = await must(stack.url, Products, { first: 2, after });
      names.push(...products.edges.map((edge) => edge.node.name));
      page = products;
      after = products.pageInfo.endCursor ?? undefined;
    } while (page.pageInfo.hasNextPage);
    expect(names).toEqual(['Apple', 'Apple', 'Bagel', 'Bagel', 'Cake', 'Cake', 'Donut', 'Eclair', 'Fig']);

    const searched = await must(stack.url, Products, { search: 'c', first: 2 });
    expect(searched.products.nodes.map((node) => node.name)).toEqual(['Cake', 'Cake']);
    const rest = await must(stack.url, Products, {
      search: 'c',
      first: 2,
      after: searched.products.pageInfo.endCursor,
    });
    expect(rest.products.nodes.map((node) => node.name)).toEqual(['Eclair']);
    expect(rest.products.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses another list's cursor and a page above the bound for products too", async () => {
    const { orders } = await must(stack.url, OrderConnectionPage, { first: 1 }, stack.staffToken);
    const foreign = await request(stack.url, Products, { after: orders.pageInfo.endCursor });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'after' });
    const tooMany = await request(stack.url, Products, { first: MAX_PAGE_SIZE + 1 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'first' });
  });

  it('offers nodes as a shortcut for edges { node }', async () => {
    const { orders } = await must(stack.url, OrderConnectionPage, { first: 3 }, stack.staffToken);
    expect(orders.nodes.map((node) => node.id)).toEqual(orders.edges.map((edge) => edge.node.id));
  });
});
