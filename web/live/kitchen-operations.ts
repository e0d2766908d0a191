import { graphql } from '../gql/index.ts';

/** The kitchen board's operations, typed by `npm run codegen` against the committed schema. */

export const KitchenOrderFields = graphql(`
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
`);

export const KitchenEvents = graphql(`
  subscription KitchenEvents($statuses: [OrderStatus!]) {
    liveOrders(statuses: $statuses) {
      type
      previousStatus
      order {
        ...KitchenOrderFields
      }
    }
  }
`);

export const KitchenSnapshot = graphql(`
  query KitchenSnapshot($statuses: [OrderStatus!], $first: Int, $after: String) {
    orders(filter: { statuses: $statuses }, first: $first, after: $after) {
      nodes {
        ...KitchenOrderFields
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const StartPreparing = graphql(`
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
`);

export const MarkReady = graphql(`
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
`);

export const CompleteOrder = graphql(`
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
`);
