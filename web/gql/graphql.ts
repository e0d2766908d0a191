/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type OrderStatus =
  | 'CANCELLED'
  | 'DONE'
  | 'DRAFT'
  | 'INVOICED'
  | 'PAID'
  | 'PREPARING'
  | 'READY'
  | 'VALIDATED';

export type CustomerOrderFieldsFragment = { id: string, number: number, status: OrderStatus, version: number, currency: string, itemCount: number, subtotal: string, discountTotal: string, surcharge: string, tax: string, total: string, taxRatePercent: string, surchargePercent: string, items: Array<{ id: string, name: string, quantity: number, unitPrice: string, lineTotal: string, notes: string | null }> };

export type CustomerOrderSubscriptionVariables = Exact<{
  orderId: string | number;
}>;


export type CustomerOrderSubscription = { cartUpdated: { id: string, number: number, status: OrderStatus, version: number, currency: string, itemCount: number, subtotal: string, discountTotal: string, surcharge: string, tax: string, total: string, taxRatePercent: string, surchargePercent: string, items: Array<{ id: string, name: string, quantity: number, unitPrice: string, lineTotal: string, notes: string | null }> } };

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
export const CustomerOrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment CustomerOrderFields on Order {
  id
  number
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
export const CustomerOrderDocument = new TypedDocumentString(`
    subscription CustomerOrder($orderId: ID!) {
  cartUpdated(orderId: $orderId) {
    ...CustomerOrderFields
  }
}
    fragment CustomerOrderFields on Order {
  id
  number
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