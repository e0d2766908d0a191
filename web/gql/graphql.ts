/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type OrderEventType =
  | 'CREATED'
  | 'STATUS_CHANGED'
  | 'UPDATED';

export type OrderStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'DRAFT'
  | 'INVOICED'
  | 'PAID'
  | 'PREPARING'
  | 'READY'
  | 'VALIDATED';

export type KitchenOrderFieldsFragment = { id: string, number: number, pickupCode: string, status: OrderStatus, version: number, currency: string, total: string, items: Array<{ id: string, name: string, quantity: number, notes: string | null }>, timings: { paidAt: string | null, preparingAt: string | null, readyAt: string | null } };

export type KitchenEventsSubscriptionVariables = Exact<{
  statuses?: Array<OrderStatus> | OrderStatus | null | undefined;
}>;


export type KitchenEventsSubscription = { liveOrders: { type: OrderEventType, previousStatus: OrderStatus | null, order: { id: string, number: number, pickupCode: string, status: OrderStatus, version: number, currency: string, total: string, items: Array<{ id: string, name: string, quantity: number, notes: string | null }>, timings: { paidAt: string | null, preparingAt: string | null, readyAt: string | null } } } };

export type KitchenSnapshotQueryVariables = Exact<{
  statuses?: Array<OrderStatus> | OrderStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type KitchenSnapshotQuery = { orders: { nodes: Array<{ id: string, number: number, pickupCode: string, status: OrderStatus, version: number, currency: string, total: string, items: Array<{ id: string, name: string, quantity: number, notes: string | null }>, timings: { paidAt: string | null, preparingAt: string | null, readyAt: string | null } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type StartPreparingMutationVariables = Exact<{
  orderId: string | number;
}>;


export type StartPreparingMutation = { startPreparing:
    | { __typename: 'InputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'Order', id: string, number: number, pickupCode: string, status: OrderStatus, version: number, currency: string, total: string, items: Array<{ id: string, name: string, quantity: number, notes: string | null }>, timings: { paidAt: string | null, preparingAt: string | null, readyAt: string | null } }
    | { __typename: 'OrderStateError', message: string }
   };

export type MarkReadyMutationVariables = Exact<{
  orderId: string | number;
}>;


export type MarkReadyMutation = { markReady:
    | { __typename: 'InputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'Order', id: string, number: number, pickupCode: string, status: OrderStatus, version: number, currency: string, total: string, items: Array<{ id: string, name: string, quantity: number, notes: string | null }>, timings: { paidAt: string | null, preparingAt: string | null, readyAt: string | null } }
    | { __typename: 'OrderStateError', message: string }
   };

export type CompleteOrderMutationVariables = Exact<{
  orderId: string | number;
}>;


export type CompleteOrderMutation = { completeOrder:
    | { __typename: 'InputError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'Order', id: string, number: number, pickupCode: string, status: OrderStatus, version: number, currency: string, total: string, items: Array<{ id: string, name: string, quantity: number, notes: string | null }>, timings: { paidAt: string | null, preparingAt: string | null, readyAt: string | null } }
    | { __typename: 'OrderStateError', message: string }
   };

export type CustomerOrderFieldsFragment = { id: string, pickupCode: string, status: OrderStatus, version: number, currency: string, itemCount: number, subtotal: string, discountTotal: string, surcharge: string, tax: string, total: string, taxRatePercent: string, surchargePercent: string, items: Array<{ id: string, name: string, quantity: number, unitPrice: string, lineTotal: string, notes: string | null }> };

export type CustomerOrderSubscriptionVariables = Exact<{
  orderId: string | number;
}>;


export type CustomerOrderSubscription = { cartUpdated: { id: string, pickupCode: string, status: OrderStatus, version: number, currency: string, itemCount: number, subtotal: string, discountTotal: string, surcharge: string, tax: string, total: string, taxRatePercent: string, surchargePercent: string, items: Array<{ id: string, name: string, quantity: number, unitPrice: string, lineTotal: string, notes: string | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const KitchenOrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment KitchenOrderFields on Order {
  id
  number
  pickupCode
  status
  version
  currency
  total
  items {
    id
    name
    quantity
    notes
  }
  timings {
    paidAt
    preparingAt
    readyAt
  }
}
    `, {"fragmentName":"KitchenOrderFields"}) as unknown as TypedDocumentString<KitchenOrderFieldsFragment, unknown>;
export const CustomerOrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment CustomerOrderFields on Order {
  id
  pickupCode
  status
  version
  currency
  items {
    id
    name
    quantity
    unitPrice
    lineTotal
    notes
  }
  itemCount
  subtotal
  discountTotal
  surcharge
  tax
  total
  taxRatePercent
  surchargePercent
}
    `, {"fragmentName":"CustomerOrderFields"}) as unknown as TypedDocumentString<CustomerOrderFieldsFragment, unknown>;
export const KitchenEventsDocument = new TypedDocumentString(`
    subscription KitchenEvents($statuses: [OrderStatus!]) {
  liveOrders(statuses: $statuses) {
    type
    previousStatus
    order {
      ...KitchenOrderFields
    }
  }
}
    fragment KitchenOrderFields on Order {
  id
  number
  pickupCode
  status
  version
  currency
  total
  items {
    id
    name
    quantity
    notes
  }
  timings {
    paidAt
    preparingAt
    readyAt
  }
}`) as unknown as TypedDocumentString<KitchenEventsSubscription, KitchenEventsSubscriptionVariables>;
export const KitchenSnapshotDocument = new TypedDocumentString(`
    query KitchenSnapshot($statuses: [OrderStatus!], $first: Int, $after: String) {
  orders(filter: {statuses: $statuses}, first: $first, after: $after) {
    nodes {
      ...KitchenOrderFields
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    fragment KitchenOrderFields on Order {
  id
  number
  pickupCode
  status
  version
  currency
  total
  items {
    id
    name
    quantity
    notes
  }
  timings {
    paidAt
    preparingAt
    readyAt
  }
}`) as unknown as TypedDocumentString<KitchenSnapshotQuery, KitchenSnapshotQueryVariables>;
export const StartPreparingDocument = new TypedDocumentString(`
    mutation StartPreparing($orderId: ID!) {
  startPreparing(orderId: $orderId) {
    __typename
    ... on Order {
      ...KitchenOrderFields
    }
    ... on Error {
      message
    }
  }
}
    fragment KitchenOrderFields on Order {
  id
  number
  pickupCode
  status
  version
  currency
  total
  items {
    id
    name
    quantity
    notes
  }
  timings {
    paidAt
    preparingAt
    readyAt
  }
}`) as unknown as TypedDocumentString<StartPreparingMutation, StartPreparingMutationVariables>;
export const MarkReadyDocument = new TypedDocumentString(`
    mutation MarkReady($orderId: ID!) {
  markReady(orderId: $orderId) {
    __typename
    ... on Order {
      ...KitchenOrderFields
    }
    ... on Error {
      message
    }
  }
}
    fragment KitchenOrderFields on Order {
  id
  number
  pickupCode
  status
  version
  currency
  total
  items {
    id
    name
    quantity
    notes
  }
  timings {
    paidAt
    preparingAt
    readyAt
  }
}`) as unknown as TypedDocumentString<MarkReadyMutation, MarkReadyMutationVariables>;
export const CompleteOrderDocument = new TypedDocumentString(`
    mutation CompleteOrder($orderId: ID!) {
  completeOrder(orderId: $orderId) {
    __typename
    ... on Order {
      ...KitchenOrderFields
    }
    ... on Error {
      message
    }
  }
}
    fragment KitchenOrderFields on Order {
  id
  number
  pickupCode
  status
  version
  currency
  total
  items {
    id
    name
    quantity
    notes
  }
  timings {
    paidAt
    preparingAt
    readyAt
  }
}`) as unknown as TypedDocumentString<CompleteOrderMutation, CompleteOrderMutationVariables>;
export const CustomerOrderDocument = new TypedDocumentString(`
    subscription CustomerOrder($orderId: ID!) {
  cartUpdated(orderId: $orderId) {
    ...CustomerOrderFields
  }
}
    fragment CustomerOrderFields on Order {
  id
  pickupCode
  status
  version
  currency
  items {
    id
    name
    quantity
    unitPrice
    lineTotal
    notes
  }
  itemCount
  subtotal
  discountTotal
  surcharge
  tax
  total
  taxRatePercent
  surchargePercent
}`) as unknown as TypedDocumentString<CustomerOrderSubscription, CustomerOrderSubscriptionVariables>;