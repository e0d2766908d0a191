/**
 * The orders feature's one public module: other features, the GraphQL assembly and start-up import orders
 * through here only (checked in CI by dependency-cruiser, `.dependency-cruiser.cjs`). Inside: `domain/` (pure
 * pricing, transitions, rules, views), `persistence/` (entities, the unit of work, reads), `repricing/`
 * (re-pricing after a price change, its audit), `schema/` (the GraphQL part) and `live/` (the board's resync
 * after a Redis gap). See
 * docs/architecture.md.
 */
export { CartService } from './cart.service.ts';
export { type OrderChange, type OrderEvent, toOrderEvent } from './domain/order-event.ts';
export { type OrderAction, transitionFor } from './domain/order-lifecycle.ts';
export {
  EDITABLE_STATUSES,
  IN_PROGRESS_STATUSES,
  ORDER_STATUSES,
  type OrderStatus,
} from './domain/order-status.ts';
export type { OrderItemView, OrderView, PaymentView } from './domain/order-view.ts';
export { applyTransition, LifecycleService } from './lifecycle.service.ts';
export {
  type CaptureOrderView,
  noteOrdersWritten,
  type OrderChangeRecord,
  orderChangeTracker,
} from './live/order-change-tracker.ts';
export { watchedOrderIds } from './live/order-channels.ts';
export {
  type OrderChanges,
  type OrderViewReads,
  orderPublication,
} from './live/order-publication.ts';
export { committedReadsOn } from './persistence/committed-reads.ts';
export { InvoiceCounter } from './persistence/invoice-counter.entity.ts';
export { Order, OrderItem, OrderStatusChange } from './persistence/order.entity.ts';
export { OrderReads } from './persistence/order-reads.ts';
export {
  type CapturedView,
  OrderUnitOfWork,
  type OrderWrite,
  type OrderWriteSpec,
} from './persistence/order-unit-of-work.ts';
export {
  PAYMENT_KINDS,
  PAYMENT_METHODS,
  Payment,
  type PaymentKind,
  type PaymentMethod,
} from './persistence/payment.entity.ts';
export { toPaymentView } from './persistence/payment-view.ts';
export { loadedOrderView } from './persistence/to-order-view.ts';
export { OrderRepricing } from './repricing/order-repricing.entity.ts';
export { OrderRepricer, type OrdersWritten } from './repricing/repricer.ts';
export { RepricingAudit } from './repricing/repricing-audit.ts';
export { OrderRef } from './schema/order.schema.ts';
