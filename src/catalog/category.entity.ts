import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

export const CategorySchema = defineEntity({
  name: 'Category',
  tableName: 'category',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(200).unique(),
    position: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Category extends CategorySchema.class {}
CategorySchema.setClass(Category);
