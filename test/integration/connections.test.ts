import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrder, setRates } from '../support/fixtures.ts';
import { must, request } from '../support/graphql.ts';
import { OrderConnectionPage, SettingsHistoryConnection } from '../support/operations.ts';
import { startStack, type TestStack } from '../support/server.ts';

const MAX_PAGE_SIZE = 4;
const ORDERS = 9;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) } });
  for (let i = 0; i < ORDERS; i++) await newOrder(stack.url);
  for (let i = 1; i <= 3; i++) await setRates(stack.url, stack.adminToken, String(i), String(i));
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

  it('offers nodes as a shortcut for edges { node }', async () => {
    const { orders } = await must(stack.url, OrderConnectionPage, { first: 3 }, stack.staffToken);
    expect(orders.nodes.map((node) => node.id)).toEqual(orders.edges.map((edge) => edge.node.id));
  });
});
