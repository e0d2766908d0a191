import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

export const DISCOUNT_KINDS = ['PERCENT', 'FIXED'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/** An admin-managed discount code. `usedCount` counts orders holding it, bounded by `usageLimit`. */
export const DiscountSchema = defineEntity({
  name: 'Discount',
  tableName: 'discount',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    code: p.string().length(64).unique(),
    kind: p.enum(DISCOUNT_KINDS),
    /** A percentage (PERCENT) or an amount in the settings currency (FIXED). */
    value: p.decimal().precision(14).scale(3),
    active: p.boolean().default(true),
    validFrom: p.datetime().nullable(),
    validUntil: p.datetime().nullable(),
    usageLimit: p.integer().nullable(),
    usedCount: p.integer().default(0),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Discount extends DiscountSchema.class {}
DiscountSchema.setClass(Discount);
