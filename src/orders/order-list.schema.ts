import { requireStaff } from '../auth/viewer.ts';
import { InputError } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { OrderStatusEnum } from '../graphql/error-types.ts';
import { OrderRef } from './order.schema.ts';
import type { OrderPage } from './order-list.ts';

const OrderFilterInput = builder.inputType('OrderFilter', {
  fields: (t) => ({
    statuses: t.field({ type: [OrderStatusEnum], required: false }),
    createdAfter: t.field({ type: 'DateTime', required: false }),
    search: t.string({
      required: false,
      description: 'An order or invoice number, or text in an item name or the creator.',
    }),
  }),
});

const OrderPageRef = builder.objectRef<OrderPage>('OrderPage').implement({
  fields: (t) => ({
    nodes: t.field({ type: [OrderRef], resolve: (page) => page.nodes }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

builder.queryFields((t) => ({
  orders: t.field({
    type: OrderPageRef,
    description: 'Staff: orders newest first. `after` is the `endCursor` of the previous page.',
    args: {
      filter: t.arg({ type: OrderFilterInput, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_root, args, { viewer, services }) => {
      requireStaff(viewer);
      const { maxPageSize, maxStringLength } = services.config.limits;
      const first = args.first ?? 20;
      if (first < 1 || first > maxPageSize) {
        throw new InputError('first', `first must be between 1 and ${maxPageSize}`);
      }
      const search = args.filter?.search;
      if (search && search.length > Math.min(100, maxStringLength)) {
        throw new InputError(
          'filter.search',
          `search must be at most ${Math.min(100, maxStringLength)} characters`,
        );
      }
      if (args.after && args.after.length > 64) throw new InputError('after', 'after is not a cursor');
      return services.orders.page(
        { statuses: args.filter?.statuses ?? null, createdAfter: args.filter?.createdAfter ?? null, search },
        first,
        args.after,
      );
    },
  }),
}));
