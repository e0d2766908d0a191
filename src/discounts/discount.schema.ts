import { ADMIN_ONLY, ORDER_HOLDERS } from '../auth/scopes.ts';
import { requireOrderAccess } from '../auth/viewer.ts';
import { DiscountUnavailableError, InputError, NotFoundError, OrderStateError } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { OrderRef } from '../orders/index.ts';
import { DISCOUNT_KINDS } from './discount.entity.ts';
import type { DiscountInCurrency } from './discount.service.ts';
import { shownDiscountValue } from './discount-rules.ts';

export const DiscountKindEnum = builder.enumType('DiscountKind', { values: DISCOUNT_KINDS });

const DiscountRef = builder.objectRef<DiscountInCurrency>('Discount').implement({
  ...ADMIN_ONLY,
  description: 'An admin-managed discount code: a percentage of the subtotal or a fixed amount.',
  fields: (t) => ({
    id: t.id({ resolve: ({ discount }) => discount.id }),
    code: t.string({ resolve: ({ discount }) => discount.code }),
    kind: t.field({ type: DiscountKindEnum, resolve: ({ discount }) => discount.kind }),
    value: t.field({
      type: 'Decimal',
      description: "Percent (e.g. 12.5), or an amount in the settings currency's minor units (e.g. 5.00).",
      resolve: ({ discount, currency }) =>
        shownDiscountValue(discount.kind, discount.value, minorUnitsOf(currency)),
    }),
    active: t.boolean({ resolve: ({ discount }) => discount.active }),
    validFrom: t.field({ type: 'DateTime', nullable: true, resolve: ({ discount }) => discount.validFrom }),
    validUntil: t.field({ type: 'DateTime', nullable: true, resolve: ({ discount }) => discount.validUntil }),
    usageLimit: t.int({ nullable: true, resolve: ({ discount }) => discount.usageLimit }),
    usedCount: t.int({
      description: 'Orders currently holding the code.',
      resolve: ({ discount }) => discount.usedCount,
    }),
  }),
});

const CreateDiscountInput = builder.inputType('CreateDiscountInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: '1-64 letters, digits, "-" or "_"; case-insensitive.' }),
    kind: t.field({ type: DiscountKindEnum, required: true }),
    value: t.field({ type: 'Decimal', required: true, description: 'Percent (0-100] or amount.' }),
    active: t.boolean({ required: false }),
    validFrom: t.field({ type: 'DateTime', required: false }),
    validUntil: t.field({ type: 'DateTime', required: false }),
    usageLimit: t.int({ required: false }),
  }),
});

const ORDER_DISCOUNT_ERRORS = [InputError, NotFoundError, OrderStateError, DiscountUnavailableError];

builder.queryFields((t) => ({
  discounts: t.field({
    type: [DiscountRef],
    description: 'Admin only.',
    ...ADMIN_ONLY,
    resolve: (_root, _args, { services }) => services.discounts.list(),
  }),
}));

builder.mutationFields((t) => ({
  createDiscount: t.field({
    type: DiscountRef,
    description: 'Admin only.',
    ...ADMIN_ONLY,
    errors: { types: [InputError] },
    args: { input: t.arg({ type: CreateDiscountInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.discounts.create(input),
  }),
  setDiscountActive: t.field({
    type: DiscountRef,
    description: 'Admin only. An inactive code can no longer be applied; orders holding it keep it.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }), active: t.arg.boolean({ required: true }) },
    resolve: (_root, { id, active }, { services }) => services.discounts.setActive(id, active),
  }),
  applyDiscount: t.field({
    type: OrderRef,
    description: 'DRAFT orders only; one discount per order.',
    ...ORDER_HOLDERS,
    errors: { types: ORDER_DISCOUNT_ERRORS },
    args: { orderId: t.arg.id({ required: true }), code: t.arg.string({ required: true }) },
    resolve: async (_root, { orderId, code }, { viewer, services }) => {
      requireOrderAccess(viewer, orderId);
      return services.discounts.apply(orderId, code);
    },
  }),
  removeDiscount: t.field({
    type: OrderRef,
    description: 'DRAFT orders only; gives the use of the code back.',
    ...ORDER_HOLDERS,
    errors: { types: ORDER_DISCOUNT_ERRORS },
    args: { orderId: t.arg.id({ required: true }) },
    resolve: async (_root, { orderId }, { viewer, services }) => {
      requireOrderAccess(viewer, orderId);
      return services.discounts.remove(orderId);
    },
  }),
}));
