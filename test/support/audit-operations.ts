import { graphql } from '../gql/index.ts';

/** Operations reading the re-pricing audit: which orders a change re-priced, and an order's timeline. */

export const RepricedOrderPage = graphql(`
  fragment RepricedOrderPage on RepricedOrderConnection {
    edges {
      cursor
      node {
        orderId
        orderNumber
        currency
        oldTotal
        newTotal
        oldTaxRatePercent
        newTaxRatePercent
        oldSurchargePercent
        newSurchargePercent
      }
    }
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
  }
`);

export const SettingsChangeRepricings = graphql(`
  query SettingsChangeRepricings($first: Int, $last: Int, $after: String, $before: String) {
    settingsHistory(first: 1) {
      nodes {
        field
        newValue
        priceChange {
          number
          kind
          summary
          ordersRepriced
        }
        repricedOrders(first: $first, last: $last, after: $after, before: $before) {
          ...RepricedOrderPage
        }
      }
    }
  }
`);

export const PriceChangeRepricings = graphql(`
  query PriceChangeRepricings($number: Int!, $first: Int, $after: String) {
    priceChange(number: $number) {
      number
      kind
      actor
      summary
      productId
      ordersRepriced
      repricedOrders(first: $first, after: $after) {
        ...RepricedOrderPage
      }
    }
  }
`);

export const LatestPriceChanges = graphql(`
  query LatestPriceChanges($first: Int, $after: String) {
    priceChanges(first: $first, after: $after) {
      nodes {
        number
        kind
        summary
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const OrderTimeline = graphql(`
  query OrderTimeline($id: ID!) {
    order(id: $id) {
      id
      timeline {
        kind
        actor
        text
        priceChangeNumber
      }
    }
  }
`);
