import { graphql } from '../gql/index.ts';

/** Every operation the live pages send, typed by `npm run codegen` against the committed schema. */

export const CustomerOrderFields = graphql(`
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
`);

export const CustomerOrder = graphql(`
  subscription CustomerOrder($orderId: ID!) {
    cartUpdated(orderId: $orderId) {
      ...CustomerOrderFields
    }
  }
`);
