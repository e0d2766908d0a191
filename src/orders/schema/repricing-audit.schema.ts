import type { DefaultConnectionArguments } from '@pothos/plugin-relay';
import { STAFF_ONLY } from '../../auth/scopes.ts';
import { builder } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { bigSerialPart, serialPart } from '../../graphql/cursor-key-parts.ts';
import { PRICE_CHANGE_KINDS, type PriceChange } from '../../price-changes/price-change.entity.ts';
import { SettingsChangeRef } from '../../settings/settings.schema.ts';
import { TIMELINE_ENTRY_KINDS, type TimelineEntryView } from '../domain/order-timeline.ts';
import type { RepricedOrderView } from '../repricing/repricing-audit.ts';
import { OrderRef } from './order.schema.ts';

const RepricedOrderRef = builder.objectRef<RepricedOrderView>('RepricedOrder').implement({
  ...STAFF_ONLY,
  description: 'One order a price change re-priced: its totals and rates before and after.',
  fields: (t) => ({
    orderId: t.exposeID('orderId'),
    orderNumber: t.exposeInt('orderNumber'),
    currency: t.exposeString('currency', { description: "The order's currency after the re-pricing." }),
    oldTotal: t.expose('oldTotal', { type: 'Decimal' }),
    newTotal: t.expose('newTotal', { type: 'Decimal' }),
    oldTaxRatePercent: t.expose('oldTaxRatePercent', { type: 'Decimal' }),
    newTaxRatePercent: t.expose('newTaxRatePercent', { type: 'Decimal' }),
    oldSurchargePercent: t.expose('oldSurchargePercent', { type: 'Decimal' }),
    newSurchargePercent: t.expose('newSurchargePercent', { type: 'Decimal' }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

/** Every list of re-priced orders is this one connection type, whichever change it is reached from. */
const RepricedOrderConnection = builder.connectionObject(
  { type: RepricedOrderRef, name: 'RepricedOrderConnection' },
  { name: 'RepricedOrderEdge' },
);

function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

/**
 * The orders change `changeId` re-priced, in the order they were re-priced (none without a change). A cursor
 * names the change and the audit row, so one change's cursor is refused by another's list instead of paging
 * it from a foreign position.
 */
function repricedOrdersOf(
  changeId: number | undefined,
  args: DefaultConnectionArguments,
  { services }: GraphQLContext,
) {
  return resolveConnection(args, {
    list: 'repricedOrders',
    maxPageSize: services.config.limits.maxPageSize,
    keyOf: (row: RepricedOrderView) => [changeId ?? 0, row.id],
    keyParts: [serialPart, bigSerialPart],
    toKey: ([change, row]) => (change === changeId ? row : undefined),
    fetch: ({ after, before, limit, inverted }) =>
      changeId === undefined
        ? Promise.resolve([])
        : services.repricingAudit.repricedOrders(changeId, {
            afterId: after,
            beforeId: before,
            limit,
            inverted,
          }),
  });
}

const PriceChangeKindEnum = builder.enumType('PriceChangeKind', { values: PRICE_CHANGE_KINDS });

const PriceChangeRef = builder.objectRef<PriceChange>('PriceChange').implement({
  ...STAFF_ONLY,
  description:
    "One change that made open orders' prices stale: of the settings' pricing terms or of a product's price.",
  fields: (t) => ({
    number: t.int({
      description: "Numbered in commit order (`#42` on an order's timeline).",
      resolve: (c) => c.id,
    }),
    kind: t.field({ type: PriceChangeKindEnum, resolve: (change) => change.kind }),
    actor: t.exposeString('actor'),
    at: t.expose('at', { type: 'DateTime' }),
    summary: t.exposeString('summary', {
      description: 'What changed: `tax 8 % → 9.5 %`, `Burger 12.50 → 13.00`.',
    }),
    productId: t.id({ nullable: true, resolve: (change) => change.product?.id ?? null }),
    ordersRepriced: t.exposeInt('ordersRepriced', {
      description: 'Orders whose prices this change moved so far (grows while its re-pricing runs).',
    }),
    repricedOrders: t.connection(
      {
        type: RepricedOrderRef,
        description: 'The orders it re-priced, in that order (`first`/`last` at most MAX_PAGE_SIZE).',
        resolve: (change, args, context) => repricedOrdersOf(change.id, args, context),
      },
      RepricedOrderConnection,
    ),
  }),
});

builder.objectFields(SettingsChangeRef, (t) => ({
  priceChange: t.field({
    type: PriceChangeRef,
    nullable: true,
    description: 'The price change this field belongs to (tax, surcharge, currency); null for other fields.',
    resolve: (change) => change.priceChange ?? null,
  }),
  repricedOrders: t.connection(
    {
      type: RepricedOrderRef,
      description:
        'The orders this change re-priced, with totals before and after (empty for non-pricing fields; `first`/`last` at most MAX_PAGE_SIZE).',
      resolve: (change, args, context) => repricedOrdersOf(change.priceChange?.id, args, context),
    },
    RepricedOrderConnection,
  ),
}));

const TimelineEntryKindEnum = builder.enumType('OrderTimelineEntryKind', { values: TIMELINE_ENTRY_KINDS });

const TimelineEntryRef = builder.objectRef<TimelineEntryView>('OrderTimelineEntry').implement({
  description: 'One thing that happened to an order.',
  fields: (t) => ({
    kind: t.field({ type: TimelineEntryKindEnum, resolve: (entry) => entry.kind }),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.exposeString('actor'),
    text: t.exposeString('text', {
      description: 'As staff read it: `re-priced 10.00 → 10.95: tax 8 % → 9.5 %, change #42 by admin`.',
    }),
    priceChangeNumber: t.exposeInt('priceChangeId', {
      nullable: true,
      description: 'REPRICED: the price change (`priceChange(number:)`).',
    }),
  }),
});

builder.objectFields(OrderRef, (t) => ({
  timeline: t.field({
    ...STAFF_ONLY,
    type: [TimelineEntryRef],
    description:
      'Staff: creation, status changes and re-pricings (with the change that caused each), oldest first. Read from the database, not carried by live events.',
    resolve: async (order, _args, { services }) => (await services.repricingAudit.timeline(order.id)) ?? [],
  }),
}));

builder.queryFields((t) => ({
  priceChange: t.field({
    ...STAFF_ONLY,
    type: PriceChangeRef,
    nullable: true,
    description: "Staff: the price change numbered `number` (`#42` on an order's timeline), or null.",
    args: { number: t.arg.int({ required: true }) },
    resolve: (_root, { number }, { services }) =>
      isPositiveInteger(number) ? services.repricingAudit.priceChange(number) : null,
  }),
  priceChanges: t.connection(
    {
      ...STAFF_ONLY,
      type: PriceChangeRef,
      description:
        'Staff: settings and product price changes newest first (`first`/`last` at most MAX_PAGE_SIZE).',
      resolve: (_root, args, { services }) =>
        resolveConnection(args, {
          list: 'priceChanges',
          maxPageSize: services.config.limits.maxPageSize,
          keyOf: (change: PriceChange) => [change.id],
          keyParts: [serialPart],
          toKey: ([number]) => number,
          fetch: ({ after, before, limit, inverted }) =>
            services.repricingAudit.priceChanges({ afterId: after, beforeId: before, limit, inverted }),
        }),
    },
    { name: 'PriceChangeConnection' },
    { name: 'PriceChangeEdge' },
  ),
}));
