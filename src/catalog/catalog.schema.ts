import { ADMIN_ONLY, STAFF_ONLY } from '../auth/scopes.ts';
import { actorOf } from '../auth/viewer.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { resolveConnection } from '../graphql/connections.ts';
import { textPart, uuidPart } from '../graphql/cursor-key-parts.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { toMoneyString } from '../money/decimal.ts';
import type { ProductPosition } from './catalog.service.ts';
import { MAX_NAME_LENGTH } from './catalog-rules.ts';
import { Category } from './category.entity.ts';
import { Product } from './product.entity.ts';

export const CategoryRef = builder.objectType(Category, {
  name: 'Category',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    position: t.exposeInt('position'),
  }),
});

export const ProductRef = builder.objectType(Product, {
  name: 'Product',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    category: t.field({ type: CategoryRef, resolve: (product) => product.category }),
    price: t.field({
      type: 'Decimal',
      description: "Current catalogue price at the settings currency's minor unit.",
      resolve: async (product, _args, { requestSettings }) => {
        const settings = await requestSettings();
        return toMoneyString(product.price, minorUnitsOf(settings.currency));
      },
    }),
    available: t.exposeBoolean('available'),
    trackStock: t.exposeBoolean('trackStock', STAFF_ONLY),
    stock: t.exposeInt('stock', {
      ...STAFF_ONLY,
      nullable: true,
      description: 'Units on hand; null when stock is not tracked.',
    }),
    version: t.exposeInt('version'),
  }),
});

/** A cursor's key is the product's place in name order: its name, then its id. */
const productKeyParts = [textPart(MAX_NAME_LENGTH), uuidPart] as const;

const CreateCategoryInput = builder.inputType('CreateCategoryInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    position: t.int({ required: false }),
  }),
});

const CreateProductInput = builder.inputType('CreateProductInput', {
  fields: (t) => ({
    categoryId: t.id({ required: true }),
    name: t.string({ required: true }),
    description: t.string({ required: false }),
    price: t.field({ type: 'Decimal', required: true }),
    available: t.boolean({ required: false }),
    trackStock: t.boolean({ required: false }),
    stock: t.int({ required: false }),
  }),
});

const UpdateProductInput = builder.inputType('UpdateProductInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ required: false }),
    price: t.field({
      type: 'Decimal',
      required: false,
      description: 'Re-prices every in-progress order containing it.',
    }),
    available: t.boolean({ required: false }),
    trackStock: t.boolean({ required: false }),
    stock: t.int({ required: false }),
  }),
});

builder.queryFields((t) => ({
  categories: t.field({
    type: [CategoryRef],
    resolve: (_root, _args, { services }) => services.catalog.categories(),
  }),
  products: t.connection(
    {
      type: ProductRef,
      description:
        'The catalogue in name order (a Relay connection; `first`/`last` at most MAX_PAGE_SIZE, default 20).',
      args: {
        categoryId: t.arg.id({ required: false }),
        search: t.arg.string({ required: false }),
        availableOnly: t.arg.boolean({ required: false }),
      },
      resolve: (_root, args, { services }) =>
        resolveConnection(args, {
          list: 'products',
          maxPageSize: services.config.limits.maxPageSize,
          keyOf: (product: Product) => [product.name, product.id],
          keyParts: productKeyParts,
          toKey: ([name, id]): ProductPosition => ({ name, id }),
          fetch: (window) => services.catalog.products(args, window),
        }),
    },
    { name: 'ProductConnection' },
    { name: 'ProductEdge' },
  ),
  product: t.field({
    type: ProductRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.catalog.product(id),
  }),
}));

builder.mutationFields((t) => ({
  createCategory: t.field({
    type: CategoryRef,
    ...ADMIN_ONLY,
    errors: { types: [InputError] },
    args: { input: t.arg({ type: CreateCategoryInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.catalog.createCategory(input),
  }),
  createProduct: t.field({
    type: ProductRef,
    ...ADMIN_ONLY,
    errors: { types: [InputError, NotFoundError] },
    args: { input: t.arg({ type: CreateProductInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.catalog.createProduct(input),
  }),
  updateProduct: t.field({
    type: ProductRef,
    ...ADMIN_ONLY,
    errors: { types: [InputError, NotFoundError] },
    args: { input: t.arg({ type: UpdateProductInput, required: true }) },
    resolve: (_root, { input }, { viewer, services }) =>
      services.catalog.updateProduct(input, actorOf(viewer)),
  }),
}));
