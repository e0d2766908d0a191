import { graphql } from '../gql/index.ts';

/** Operations of the order lifecycle: transitions, payments, discounts, staff reads and the live board. */

export const LifecycleFields = graphql(`
  fragment LifecycleFields on Order {
    id
    pickupCode
    status
    version
    subtotal
    discountTotal
    surcharge
    tax
    total
    amountPaid
    balanceDue
    invoiceNumber
    itemCount
    discount {
      code
      kind
      value
    }
    payments {
      id
      kind
      method
      amount
      changeDue
      terminalProvider
      actor
      idempotencyKey
    }
    statusHistory {
      from
      to
      actor
      at
      reason
    }
    timings {
      paidAt
      readyAt
      secondsPaidToReady
    }
  }
`);

export const LifecycleOrder = graphql(`
  query LifecycleOrder($id: ID!) {
    order(id: $id) {
      ...LifecycleFields
    }
  }
`);

export const ValidateOrder = graphql(`
  mutation ValidateOrder($orderId: ID!) {
    validateOrder(orderId: $orderId) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on OrderStateError {
        status
        allowed
      }
      ... on OutOfStockError {
        lines {
          productId
          name
          requested
          inStock
        }
      }
      ... on UnavailableProductError {
        lines {
          productId
          name
        }
      }
    }
  }
`);

/** Validation as the customer's ordering page sends it: only what a customer may read of the order. */
export const CustomerValidateOrder = graphql(`
  mutation CustomerValidateOrder($orderId: ID!) {
    validateOrder(orderId: $orderId) {
      __typename
      ... on Order {
        id
        status
        version
        total
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const StartPreparing = graphql(`
  mutation StartPreparing($orderId: ID!) {
    startPreparing(orderId: $orderId) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on OrderStateError {
        status
        allowed
      }
    }
  }
`);

export const MarkReady = graphql(`
  mutation MarkReady($orderId: ID!) {
    markReady(orderId: $orderId) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on OrderStateError {
        status
        allowed
      }
    }
  }
`);

export const CompleteOrder = graphql(`
  mutation CompleteOrder($orderId: ID!) {
    completeOrder(orderId: $orderId) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on OrderStateError {
        status
        allowed
      }
    }
  }
`);

export const InvoiceOrder = graphql(`
  mutation InvoiceOrder($orderId: ID!) {
    invoiceOrder(orderId: $orderId) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on OrderStateError {
        status
        allowed
      }
    }
  }
`);

export const CancelOrder = graphql(`
  mutation CancelOrder($orderId: ID!, $reason: String!) {
    cancelOrder(orderId: $orderId, reason: $reason) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on OrderStateError {
        status
        allowed
      }
    }
  }
`);

export const RecordPayment = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      __typename
      ... on RecordPaymentPayload {
        replayed
        payment {
          id
          amount
          changeDue
          method
        }
        order {
          ...LifecycleFields
        }
      }
      ... on Error {
        message
        code
      }
      ... on InputError {
        field
      }
      ... on OrderStateError {
        status
        allowed
      }
      ... on OutOfStockError {
        lines {
          productId
          requested
          inStock
        }
      }
    }
  }
`);

export const CreateDiscount = graphql(`
  mutation CreateDiscount($input: CreateDiscountInput!) {
    createDiscount(input: $input) {
      __typename
      ... on Discount {
        id
        code
        kind
        value
        usageLimit
        usedCount
      }
      ... on InputError {
        field
        message
      }
    }
  }
`);

export const SetDiscountActive = graphql(`
  mutation SetDiscountActive($id: ID!, $active: Boolean!) {
    setDiscountActive(id: $id, active: $active) {
      __typename
      ... on Discount {
        active
      }
    }
  }
`);

export const Discounts = graphql(`
  query Discounts {
    discounts {
      code
      value
      usedCount
      usageLimit
    }
  }
`);

export const ApplyDiscount = graphql(`
  mutation ApplyDiscount($orderId: ID!, $code: String!) {
    applyDiscount(orderId: $orderId, code: $code) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
      ... on DiscountUnavailableError {
        discountCode
        reason
      }
    }
  }
`);

export const RemoveDiscount = graphql(`
  mutation RemoveDiscount($orderId: ID!) {
    removeDiscount(orderId: $orderId) {
      __typename
      ... on Order {
        ...LifecycleFields
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const OrdersPage = graphql(`
  query OrdersPage($filter: OrderFilter, $first: Int, $after: String) {
    orders(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        number
        pickupCode
        status
        statusHistory {
          to
        }
        payments {
          id
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const LiveOrders = graphql(`
  subscription LiveOrders($statuses: [OrderStatus!]) {
    liveOrders(statuses: $statuses) {
      type
      previousStatus
      order {
        id
        status
        version
        amountPaid
        invoiceNumber
      }
    }
  }
`);
