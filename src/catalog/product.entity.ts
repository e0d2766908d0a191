import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Category } from './category.entity.ts';

export const ProductSchema = defineEntity({
  name: 'Product',
  tableName: 'product',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    category: () => p.manyToOne(Category).index(),
    name: p.string().length(200),
    description: p.string().length(2000).nullable(),
    price: p.decimal().precision(14).scale(3),
    available: p.boolean().default(true),
    /** When false, stock is not tracked and `stock` is null. */
    trackStock: p.boolean().default(false),
    stock: p.integer().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Product extends ProductSchema.class {}
ProductSchema.setClass(Product);
