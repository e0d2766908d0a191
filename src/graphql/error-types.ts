import { type DomainError, InputError, NotFoundError, OrderStateError } from '../errors.ts';
import { ORDER_STATUSES } from '../orders/order-status.ts';
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

/** The failures every cart mutation can return. */
export const CART_ERRORS = [InputError, NotFoundError, OrderStateError];
