import { ORDER_HOLDERS, STAFF_ONLY } from '../../auth/scopes.ts';
import { actorOf, requireOrderAccess } from '../../auth/viewer.ts';
import { DiscountKindEnum } from '../../discounts/discount.schema.ts';
import {
  EmptyOrderError,
  InputError,
  NotFoundError,
  OrderStateError,
  OutOfStockError,
  UnavailableProductError,
} from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { OrderStatusEnum } from '../../graphql/error-types.ts';
import { liveValueOrEnd } from '../../graphql/live-end-error.ts';
import { PaymentRef } from '../../payments/payment.schema.ts';
import { liveEvents } from '../../realtime/live-events.ts';
import { boardWants, isOrderEvent, ORDER_EVENT_TYPES, type OrderEvent } from '../domain/order-event.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderTimingsView, StatusChangeView } from '../domain/order-timeline.ts';
import type { OrderView } from '../domain/order-view.ts';
import { boardResync } from '../live/board-resync.ts';
import { orderBoardChannel } from '../live/order-channels.ts';
import { OrderRef } from './order.schema.ts';

const StatusChangeRef = builder.objectRef<StatusChangeView>('OrderStatusChange').implement({
  description: 'One recorded transition of the order lifecycle.',
  fields: (t) => ({
    from: t.field({ type: OrderStatusEnum, resolve: (change) => change.from }),
    to: t.field({ type: OrderStatusEnum, resolve: (change) => change.to }),
    actor: t.exposeString('actor', STAFF_ONLY),
    at: t.expose('at', { type: 'DateTime' }),
    reason: t.exposeString('reason', { nullable: true, ...STAFF_ONLY }),
  }),
});

const TimingsRef = builder.objectRef<OrderTimingsView>('OrderTimings').implement({
  description: 'When the order reached each milestone, and the durations between them in whole seconds.',
  fields: (t) => ({
    validatedAt: t.expose('validatedAt', { type: 'DateTime', nullable: true }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
    preparingAt: t.expose('preparingAt', { type: 'DateTime', nullable: true }),
    readyAt: t.expose('readyAt', { type: 'DateTime', nullable: true }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
    secondsCreatedToPaid: t.exposeInt('secondsCreatedToPaid', { nullable: true }),
    secondsPaidToReady: t.exposeInt('secondsPaidToReady', { nullable: true }),
    secondsReadyToDone: t.exposeInt('secondsReadyToDone', { nullable: true }),
  }),
});

const AppliedDiscountRef = builder
  .objectRef<NonNullable<OrderView['discount']>>('AppliedDiscount')
  .implement({
    fields: (t) => ({
      code: t.exposeString('code'),
      kind: t.field({ type: DiscountKindEnum, resolve: (discount) => discount.kind }),
      value: t.expose('value', { type: 'Decimal' }),
    }),
  });

builder.objectFields(OrderRef, (t) => ({
  amountPaid: t.expose('amountPaid', { type: 'Decimal', description: 'Payments net of change and refunds.' }),
  balanceDue: t.expose('balanceDue', {
    type: 'Decimal',
    description: 'total − amountPaid; 0 once cancelled.',
  }),
  payments: t.field({ type: [PaymentRef], resolve: (order) => order.payments }),
  statusHistory: t.field({ type: [StatusChangeRef], resolve: (order) => order.statusHistory }),
  timings: t.field({ type: TimingsRef, resolve: (order) => order.timings }),
  invoiceNumber: t.exposeInt('invoiceNumber', { nullable: true }),
  discount: t.field({ type: AppliedDiscountRef, nullable: true, resolve: (order) => order.discount }),
}));

const OrderEventTypeEnum = builder.enumType('OrderEventType', { values: ORDER_EVENT_TYPES });

const OrderEventRef = builder.objectRef<OrderEvent>('OrderEvent').implement({
  ...STAFF_ONLY,
  description: 'One committed change of an order. `previousStatus` is set when the change moved its status.',
  fields: (t) => ({
    type: t.field({ type: OrderEventTypeEnum, resolve: (event) => event.type }),
    order: t.field({ type: OrderRef, resolve: (event) => event.order }),
    previousStatus: t.field({
      type: OrderStatusEnum,
      nullable: true,
      resolve: (event) => event.previousStatus,
    }),
  }),
});

const TRANSITION_ERRORS = [InputError, NotFoundError, OrderStateError];

function staffTransition(
  field: string,
  action: 'startPreparing' | 'markReady' | 'complete' | 'invoice',
  description: string,
): void {
  builder.mutationField(field, (t) =>
    t.field({
      type: OrderRef,
      description,
      ...STAFF_ONLY,
      errors: { types: TRANSITION_ERRORS },
      args: { orderId: t.arg.id({ required: true }) },
      resolve: async (_root, { orderId }, { viewer, services }) =>
        services.lifecycle.perform(orderId, action, actorOf(viewer)),
    }),
  );
}

staffTransition('startPreparing', 'startPreparing', 'Staff: PAID → PREPARING (the kitchen starts).');
staffTransition('markReady', 'markReady', 'Staff: PREPARING → READY, the kitchen\'s "order ready".');
staffTransition('completeOrder', 'complete', 'Staff: READY → DONE (handed over).');
staffTransition(
  'invoiceOrder',
  'invoice',
  'Staff: DONE → INVOICED; assigns the next gap-free invoice number.',
);

builder.mutationFields((t) => ({
  validateOrder: t.field({
    type: OrderRef,
    description:
      'DRAFT → VALIDATED: needs at least one item, every product available and enough stock. Customer or staff.',
    ...ORDER_HOLDERS,
    errors: { types: [...TRANSITION_ERRORS, EmptyOrderError, UnavailableProductError, OutOfStockError] },
    args: { orderId: t.arg.id({ required: true }) },
    resolve: async (_root, { orderId }, { viewer, services }) => {
      requireOrderAccess(viewer, orderId);
      return services.lifecycle.perform(orderId, 'validate', actorOf(viewer));
    },
  }),
  cancelOrder: t.field({
    type: OrderRef,
    description:
      'Staff: any status before DONE → CANCELLED. After payment, restores stock and records a refund of the amount paid.',
    ...STAFF_ONLY,
    errors: { types: TRANSITION_ERRORS },
    args: { orderId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (_root, { orderId, reason }, { viewer, services }) =>
      services.lifecycle.cancel(orderId, actorOf(viewer), reason),
  }),
}));

builder.subscriptionFields((t) => ({
  liveOrders: t.field({
    type: OrderEventRef,
    description:
      'Staff board: one event per committed change of an order whose status (or previous status) is in `statuses` (all when omitted), in per-order version order. Load the board with `orders` after subscribing.',
    ...STAFF_ONLY,
    args: { statuses: t.arg({ type: [OrderStatusEnum], required: false }) },
    subscribe: (_root, { statuses }, { services }) => {
      const filter: readonly OrderStatus[] | null = statuses?.length ? [...statuses] : null;
      return liveEvents({
        bus: services.bus,
        channel: orderBoardChannel(services.channels),
        accept: isOrderEvent,
        wants: (event) => boardWants(event, filter),
        key: (event) => event.order.id,
        version: (event) => event.order.version,
        bufferSize: 256,
        maxKeys: 10_000,
        note: (event) => event.order.status,
        resync: (known) => boardResync(services.orders, filter, known),
        logger: services.logger,
      });
    },
    resolve: liveValueOrEnd,
  }),
}));
