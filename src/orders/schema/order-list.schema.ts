import { STAFF_ONLY } from '../../auth/scopes.ts';
import { InputError } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import { serialPart } from '../../graphql/cursor-key-parts.ts';
import { OrderStatusEnum } from '../../graphql/error-types.ts';
import type { OrderView } from '../domain/order-view.ts';
import { OrderRef } from './order.schema.ts';

const OrderFilterInput = builder.inputType('OrderFilter', {
  fields: (t) => ({
    statuses: t.field({ type: [OrderStatusEnum], required: false }),
    createdAfter: t.field({ type: 'DateTime', required: false }),
    search: t.string({
      required: false,
      description: 'An order or invoice number, a pickup code, or text in an item name or the creator.',
    }),
  }),
});

/** Every list of orders is this one connection type (one shape for clients, one cursor per order). */
export const OrderConnection = builder.connectionObject(
  { type: OrderRef, name: 'OrderConnection' },
  { name: 'OrderEdge' },
);

/** Cursor key of an order in any newest-first list of orders: its number. */
function orderKey(order: OrderView): [number] {
  return [order.number];
}

/** What `orderKey` writes, read back: the order number (an `integer` column). */
const orderKeyParts = [serialPart] as const;

builder.queryFields((t) => ({
  orders: t.connection(
    {
      type: OrderRef,
      description: 'Staff: orders newest first (a Relay connection; `first`/`last` at most MAX_PAGE_SIZE).',
      ...STAFF_ONLY,
      args: { filter: t.arg({ type: OrderFilterInput, required: false }) },
      resolve: (_root, args, { services }) => {
        const { maxPageSize, maxStringLength } = services.config.limits;
        const search = args.filter?.search;
        const maxSearch = Math.min(100, maxStringLength);
        if (search && search.length > maxSearch) {
          throw new InputError('filter.search', `search must be at most ${maxSearch} characters`);
        }
        const filter = {
          statuses: args.filter?.statuses ?? null,
          createdAfter: args.filter?.createdAfter ?? null,
          search,
        };
        return resolveConnection(args, {
          list: 'orders',
          maxPageSize,
          keyOf: orderKey,
          keyParts: orderKeyParts,
          toKey: ([number]) => number,
          fetch: ({ after, before, limit, inverted }) =>
            services.orders.page(filter, { afterNumber: after, beforeNumber: before, limit, inverted }),
        });
      },
    },
    OrderConnection,
  ),
}));
