import { STAFF_ONLY } from '../auth/scopes.ts';
import {
  DISCOUNT_PROBLEMS,
  DiscountUnavailableError,
  type DomainError,
  EmptyOrderError,
  InputError,
  NotFoundError,
  type OrderLineProblem,
  OrderStateError,
  OutOfStockError,
  UnavailableProductError,
} from '../errors.ts';
import { ORDER_STATUSES } from '../orders/domain/order-status.ts';
import { builder } from './builder.ts';

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description:
    'An expected failure returned as a value: every mutation result union lists the ones it can return.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
  }),
});

export const OrderStatusEnum = builder.enumType('OrderStatus', { values: ORDER_STATUSES });

builder.objectType(InputError, {
  name: 'InputError',
  description: 'An input broke a stated bound; `field` names it.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InputError,
  fields: (t) => ({ field: t.exposeString('field') }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ entity: t.exposeString('entity'), id: t.exposeID('id') }),
});

builder.objectType(OrderStateError, {
  name: 'OrderStateError',
  description: "The order's status does not allow the action; `allowed` lists the statuses that would.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof OrderStateError,
  fields: (t) => ({
    status: t.field({ type: OrderStatusEnum, resolve: (error) => error.status as never }),
    allowed: t.field({ type: [OrderStatusEnum], resolve: (error) => [...error.allowed] as never }),
  }),
});

const OrderLineProblemRef = builder.objectRef<OrderLineProblem>('OrderLineProblem').implement({
  description: 'A product on the order that cannot be sold now.',
  fields: (t) => ({
    productId: t.exposeID('productId'),
    name: t.exposeString('name'),
    requested: t.exposeInt('requested', { description: 'Units the order asks for (all its lines).' }),
    inStock: t.exposeInt('inStock', {
      ...STAFF_ONLY,
      nullable: true,
      description: 'null when stock is not tracked.',
    }),
  }),
});

builder.objectType(EmptyOrderError, {
  name: 'EmptyOrderError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof EmptyOrderError,
  fields: () => ({}),
});

builder.objectType(OutOfStockError, {
  name: 'OutOfStockError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof OutOfStockError,
  fields: (t) => ({ lines: t.field({ type: [OrderLineProblemRef], resolve: (error) => [...error.lines] }) }),
});

builder.objectType(UnavailableProductError, {
  name: 'UnavailableProductError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof UnavailableProductError,
  fields: (t) => ({ lines: t.field({ type: [OrderLineProblemRef], resolve: (error) => [...error.lines] }) }),
});

const DiscountProblemEnum = builder.enumType('DiscountProblem', { values: DISCOUNT_PROBLEMS });

builder.objectType(DiscountUnavailableError, {
  name: 'DiscountUnavailableError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DiscountUnavailableError,
  fields: (t) => ({
    discountCode: t.exposeString('discountCode'),
    reason: t.field({ type: DiscountProblemEnum, resolve: (error) => error.reason }),
  }),
});

/** The failures every cart mutation can return. */
export const CART_ERRORS = [InputError, NotFoundError, OrderStateError];
