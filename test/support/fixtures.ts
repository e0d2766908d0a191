import type { AddItemInput, AddItemMutation } from '../gql/graphql.ts';
import { must } from './graphql.ts';
import { AddItem, CreateCategory, CreateOrder, CreateProduct, UpdateSettings } from './operations.ts';

/** Creates a category and products (name → price) as admin; returns product ids by name. */
export async function seedProducts(
  url: string,
  adminToken: string,
  prices: Record<string, string>,
  options: { stock?: Record<string, number> } = {},
): Promise<Record<string, string>> {
  const created = await must(url, CreateCategory, { input: { name: `Menu ${Math.random()}` } }, adminToken);
  if (created.createCategory.__typename !== 'Category') throw new Error('category not created');
  const categoryId = created.createCategory.id;
  const ids: Record<string, string> = {};
  for (const [name, price] of Object.entries(prices)) {
    const stock = options.stock?.[name];
    const product = await must(
      url,
      CreateProduct,
      { input: { categoryId, name, price, ...(stock !== undefined ? { trackStock: true, stock } : {}) } },
      adminToken,
    );
    if (product.createProduct.__typename !== 'Product') throw new Error(`product ${name} not created`);
    ids[name] = product.createProduct.id;
  }
  return ids;
}

export async function setRates(
  url: string,
  adminToken: string,
  taxRatePercent: string,
  surchargePercent: string,
) {
  const result = await must(url, UpdateSettings, { input: { taxRatePercent, surchargePercent } }, adminToken);
  if (result.updateSettings.__typename !== 'Settings') throw new Error(JSON.stringify(result.updateSettings));
  return result.updateSettings;
}

export async function newOrder(url: string, token?: string) {
  const { createOrder } = await must(url, CreateOrder, {}, token);
  return { order: createOrder.order, customerToken: createOrder.accessToken };
}

/** The order as an `addItem` mutation committed it (its answer when it is not an error). */
export type AddedOrder = Extract<AddItemMutation['addItem'], { __typename: 'Order' }>;

/**
 * Adds a line to an order through `url` with `token`; returns the order view the mutation committed. Throws
 * with the answer when the API answers with an error member instead (refused, not found, wrong state).
 */
export async function addLine(url: string, input: AddItemInput, token?: string): Promise<AddedOrder> {
  const { addItem } = await must(url, AddItem, { input }, token);
  if (addItem.__typename !== 'Order') throw new Error(JSON.stringify(addItem));
  return addItem;
}
