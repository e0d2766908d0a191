import { GraphQLError } from 'graphql';
import { ORDER_HOLDERS, STAFF_ONLY } from '../../auth/scopes.ts';
import { signToken } from '../../auth/tokens.ts';
import { actorOf, requireOrderAccess } from '../../auth/viewer.ts';
import { builder } from '../../graphql/builder.ts';
import { CART_ERRORS, OrderStatusEnum } from '../../graphql/error-types.ts';
import { liveValueOrEnd } from '../../graphql/live-end-error.ts';
import { VIEWER_INDEPENDENT_EVENTS } from '../../graphql/shared-event-results.ts';
import { isUuid } from '../../ids.ts';
import { openLiveValues } from '../../realtime/live-values.ts';
import { isOrderView, type OrderItemView, type OrderView } from '../domain/order-view.ts';
import { orderChannel } from '../live/order-channels.ts';

const OrderItemProductRef = builder.objectRef<OrderItemView['product']>('OrderItemProduct').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

const OrderItemRef = builder.objectRef<OrderItemView>('OrderItem').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    product: t.field({ type: OrderItemProductRef, resolve: (item) => item.product }),
    name: t.exposeString('name'),
    unitPrice: t.expose('unitPrice', { type: 'Decimal' }),
    quantity: t.exposeInt('quantity'),
    lineTotal: t.expose('lineTotal', { type: 'Decimal' }),
    notes: t.exposeString('notes', { nullable: true }),
  }),
});

export const OrderRef = builder.objectRef<OrderView>('Order').implement({
  description:
    'An order with totals computed by the one pricing function. `version` grows with every commit.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeInt('number', {
      ...STAFF_ONLY,
      description: "Staff: the shop's sequential order number (it would tell a customer the shop's volume).",
    }),
    pickupCode: t.exposeString('pickupCode', {
      description:
        'What the customer shows at the counter and the kitchen calls out: 5 characters of ACEFHJKMNPRTWXY34789, random, unique among open orders (7, or at last 8, when open orders hold the short codes a few draws reach).',
    }),
    status: t.field({ type: OrderStatusEnum, resolve: (order) => order.status }),
    version: t.exposeInt('version'),
    currency: t.exposeString('currency'),
    items: t.field({ type: [OrderItemRef], resolve: (order) => order.items }),
    itemCount: t.exposeInt('itemCount'),
    subtotal: t.expose('subtotal', { type: 'Decimal' }),
    discountTotal: t.expose('discountTotal', { type: 'Decimal' }),
    surcharge: t.expose('surcharge', { type: 'Decimal' }),
    tax: t.expose('tax', { type: 'Decimal' }),
    total: t.expose('total', { type: 'Decimal' }),
    taxRatePercent: t.expose('taxRatePercent', { type: 'Decimal' }),
    surchargePercent: t.expose('surchargePercent', { type: 'Decimal' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CreateOrderPayload = builder
  .objectRef<{ order: OrderView; accessToken: string }>('CreateOrderPayload')
  .implement({
    fields: (t) => ({
      order: t.field({ type: OrderRef, resolve: (payload) => payload.order }),
      accessToken: t.exposeString('accessToken', {
        description: 'A CUSTOMER token scoped to this order: read, edit and subscribe to it.',
      }),
    }),
  });

const AddItemInput = builder.inputType('AddItemInput', {
  fields: (t) => ({
    orderId: t.id({ required: true }),
    productId: t.id({ required: true }),
    quantity: t.int({ required: true }),
    notes: t.string({ required: false }),
  }),
});

const SetItemQuantityInput = builder.inputType('SetItemQuantityInput', {
  fields: (t) => ({
    itemId: t.id({ required: true }),
    quantity: t.int({ required: true, description: '0 removes the line.' }),
  }),
});

const RemoveItemInput = builder.inputType('RemoveItemInput', {
  fields: (t) => ({ itemId: t.id({ required: true }) }),
});

builder.queryFields((t) => ({
  order: t.field({
    type: OrderRef,
    nullable: true,
    ...ORDER_HOLDERS,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { viewer, services }) => {
      requireOrderAccess(viewer, id);
      return isUuid(id) ? services.orders.byId(id) : null;
    },
  }),
}));

builder.mutationFields((t) => ({
  createOrder: t.field({
    type: CreateOrderPayload,
    description: 'Starts a DRAFT order. Open to guests: the payload carries the customer token for it.',
    resolve: async (_root, _args, { viewer, services }) => {
      const view = await services.cart.createOrder(actorOf(viewer));
      const accessToken = await signToken(
        services.config.jwtSecret,
        {
          role: 'CUSTOMER',
          sub: viewer.kind === 'anonymous' ? `guest:${view.id}` : viewer.sub,
          orderId: view.id,
        },
        '24h',
      );
      return { order: view, accessToken };
    },
  }),
  addItem: t.field({
    type: OrderRef,
    ...ORDER_HOLDERS,
    errors: { types: CART_ERRORS },
    args: { input: t.arg({ type: AddItemInput, required: true }) },
    resolve: async (_root, { input }, { viewer, services }) => {
      requireOrderAccess(viewer, input.orderId);
      return services.cart.addItem(input);
    },
  }),
  setItemQuantity: t.field({
    type: OrderRef,
    ...ORDER_HOLDERS,
    errors: { types: CART_ERRORS },
    args: { input: t.arg({ type: SetItemQuantityInput, required: true }) },
    resolve: async (_root, { input }, { viewer, services }) => {
      return services.cart.setItemQuantity(input, (orderId) => requireOrderAccess(viewer, orderId));
    },
  }),
  removeItem: t.field({
    type: OrderRef,
    ...ORDER_HOLDERS,
    errors: { types: CART_ERRORS },
    args: { input: t.arg({ type: RemoveItemInput, required: true }) },
    resolve: async (_root, { input }, { viewer, services }) => {
      return services.cart.removeItem(input, (orderId) => requireOrderAccess(viewer, orderId));
    },
  }),
}));

builder.subscriptionFields((t) => ({
  cartUpdated: t.field({
    type: OrderRef,
    description:
      "First the order's committed state, then one value per committed change, in increasing version order.",
    ...ORDER_HOLDERS,
    args: { orderId: t.arg.id({ required: true }) },
    // Access is checked once in `subscribe`; every Order field resolves from the published view alone.
    extensions: { [VIEWER_INDEPENDENT_EVENTS]: true },
    subscribe: async (_root, { orderId }, { viewer, services }) => {
      requireOrderAccess(viewer, orderId);
      // The snapshot, read once the channel is subscribed, is also the existence check.
      const values = isUuid(orderId)
        ? await openLiveValues({
            bus: services.bus,
            channel: orderChannel(services.channels, orderId),
            snapshot: () => services.orders.byId(orderId),
            accept: isOrderView,
            version: (order) => order.version,
            bufferSize: 64,
            logger: services.logger,
          })
        : null;
      if (!values) {
        throw new GraphQLError(`Order ${orderId} does not exist`, { extensions: { code: 'NOT_FOUND' } });
      }
      return values;
    },
    resolve: liveValueOrEnd,
  }),
}));
