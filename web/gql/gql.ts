/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment KitchenOrderFields on Order {\n    id\n    number\n    pickupCode\n    status\n    version\n    currency\n    total\n    items {\n      id\n      name\n      quantity\n      notes\n    }\n    timings {\n      paidAt\n      preparingAt\n      readyAt\n    }\n  }\n": typeof types.KitchenOrderFieldsFragmentDoc,
    "\n  subscription KitchenEvents($statuses: [OrderStatus!]) {\n    liveOrders(statuses: $statuses) {\n      type\n      previousStatus\n      order {\n        ...KitchenOrderFields\n      }\n    }\n  }\n": typeof types.KitchenEventsDocument,
    "\n  query KitchenSnapshot($statuses: [OrderStatus!], $first: Int, $after: String) {\n    orders(filter: { statuses: $statuses }, first: $first, after: $after) {\n      nodes {\n        ...KitchenOrderFields\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.KitchenSnapshotDocument,
    "\n  mutation StartPreparing($orderId: ID!) {\n    startPreparing(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.StartPreparingDocument,
    "\n  mutation MarkReady($orderId: ID!) {\n    markReady(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.MarkReadyDocument,
    "\n  mutation CompleteOrder($orderId: ID!) {\n    completeOrder(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CompleteOrderDocument,
    "\n  fragment CustomerOrderFields on Order {\n    id\n    pickupCode\n    status\n    version\n    currency\n    items {\n      id\n      name\n      quantity\n      unitPrice\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n  }\n": typeof types.CustomerOrderFieldsFragmentDoc,
    "\n  subscription CustomerOrder($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...CustomerOrderFields\n    }\n  }\n": typeof types.CustomerOrderDocument,
};
const documents: Documents = {
    "\n  fragment KitchenOrderFields on Order {\n    id\n    number\n    pickupCode\n    status\n    version\n    currency\n    total\n    items {\n      id\n      name\n      quantity\n      notes\n    }\n    timings {\n      paidAt\n      preparingAt\n      readyAt\n    }\n  }\n": types.KitchenOrderFieldsFragmentDoc,
    "\n  subscription KitchenEvents($statuses: [OrderStatus!]) {\n    liveOrders(statuses: $statuses) {\n      type\n      previousStatus\n      order {\n        ...KitchenOrderFields\n      }\n    }\n  }\n": types.KitchenEventsDocument,
    "\n  query KitchenSnapshot($statuses: [OrderStatus!], $first: Int, $after: String) {\n    orders(filter: { statuses: $statuses }, first: $first, after: $after) {\n      nodes {\n        ...KitchenOrderFields\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.KitchenSnapshotDocument,
    "\n  mutation StartPreparing($orderId: ID!) {\n    startPreparing(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.StartPreparingDocument,
    "\n  mutation MarkReady($orderId: ID!) {\n    markReady(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.MarkReadyDocument,
    "\n  mutation CompleteOrder($orderId: ID!) {\n    completeOrder(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CompleteOrderDocument,
    "\n  fragment CustomerOrderFields on Order {\n    id\n    pickupCode\n    status\n    version\n    currency\n    items {\n      id\n      name\n      quantity\n      unitPrice\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n  }\n": types.CustomerOrderFieldsFragmentDoc,
    "\n  subscription CustomerOrder($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...CustomerOrderFields\n    }\n  }\n": types.CustomerOrderDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment KitchenOrderFields on Order {\n    id\n    number\n    pickupCode\n    status\n    version\n    currency\n    total\n    items {\n      id\n      name\n      quantity\n      notes\n    }\n    timings {\n      paidAt\n      preparingAt\n      readyAt\n    }\n  }\n"): typeof import('./graphql.ts').KitchenOrderFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription KitchenEvents($statuses: [OrderStatus!]) {\n    liveOrders(statuses: $statuses) {\n      type\n      previousStatus\n      order {\n        ...KitchenOrderFields\n      }\n    }\n  }\n"): typeof import('./graphql.ts').KitchenEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KitchenSnapshot($statuses: [OrderStatus!], $first: Int, $after: String) {\n    orders(filter: { statuses: $statuses }, first: $first, after: $after) {\n      nodes {\n        ...KitchenOrderFields\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): typeof import('./graphql.ts').KitchenSnapshotDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPreparing($orderId: ID!) {\n    startPreparing(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.ts').StartPreparingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkReady($orderId: ID!) {\n    markReady(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.ts').MarkReadyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteOrder($orderId: ID!) {\n    completeOrder(orderId: $orderId) {\n      __typename\n      ... on Order {\n        ...KitchenOrderFields\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): typeof import('./graphql.ts').CompleteOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CustomerOrderFields on Order {\n    id\n    pickupCode\n    status\n    version\n    currency\n    items {\n      id\n      name\n      quantity\n      unitPrice\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n  }\n"): typeof import('./graphql.ts').CustomerOrderFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CustomerOrder($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...CustomerOrderFields\n    }\n  }\n"): typeof import('./graphql.ts').CustomerOrderDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
