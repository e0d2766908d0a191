import { graphql } from '../gql/index.ts';

/** Every operation the tests send, typed by `npm run codegen` against the committed schema. */

export const OrderFields = graphql(`
  fragment OrderFields on Order {
    id
    pickupCode
    status
    version
    currency
    items {
      id
      product {
        id
        name
      }
      name
      unitPrice
      quantity
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
    createdAt
    updatedAt
  }
`);

export const UpdateSettings = graphql(`
  mutation UpdateSettings($input: UpdateSettingsInput!) {
    updateSettings(input: $input) {
      __typename
      ... on Settings {
        taxRatePercent
        surchargePercent
        currency
        terminalProvider
        version
      }
      ... on InputError {
        field
        message
        code
      }
    }
  }
`);

export const SettingsQuery = graphql(`
  query Settings {
    settings {
      taxRatePercent
      surchargePercent
      currency
      version
    }
  }
`);

/** What the shop's staff see of the settings, beside the public part. */
export const StaffSettingsQuery = graphql(`
  query StaffSettings {
    settings {
      terminalProvider
    }
  }
`);

export const SettingsHistory = graphql(`
  query SettingsHistory($first: Int, $after: String) {
    settingsHistory(first: $first, after: $after) {
      nodes {
        actor
        field
        oldValue
        newValue
        ordersRepriced
        settingsVersion
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const CreateCategory = graphql(`
  mutation CreateCategory($input: CreateCategoryInput!) {
    createCategory(input: $input) {
      __typename
      ... on Category {
        id
        name
      }
      ... on InputError {
        field
        message
      }
    }
  }
`);

export const CreateProduct = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      __typename
      ... on Product {
        id
        name
        price
        available
        stock
      }
      ... on InputError {
        field
        message
      }
      ... on NotFoundError {
        entity
        id
      }
    }
  }
`);

export const UpdateProduct = graphql(`
  mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      __typename
      ... on Product {
        id
        price
        available
        stock
      }
      ... on InputError {
        field
        message
      }
    }
  }
`);

export const Products = graphql(`
  query Products(
    $categoryId: ID
    $search: String
    $availableOnly: Boolean
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    products(
      categoryId: $categoryId
      search: $search
      availableOnly: $availableOnly
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      nodes {
        id
        name
        price
        available
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const CreateOrder = graphql(`
  mutation CreateOrder {
    createOrder {
      accessToken
      order {
        ...OrderFields
      }
    }
  }
`);

export const OrderQuery = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      ...OrderFields
    }
  }
`);

export const AddItem = graphql(`
  mutation AddItem($input: AddItemInput!) {
    addItem(input: $input) {
      __typename
      ... on Order {
        ...OrderFields
      }
      ... on Error {
        message
        code
      }
      ... on InputError {
        field
      }
      ... on NotFoundError {
        entity
      }
      ... on OrderStateError {
        status
        allowed
      }
    }
  }
`);

export const SetItemQuantity = graphql(`
  mutation SetItemQuantity($input: SetItemQuantityInput!) {
    setItemQuantity(input: $input) {
      __typename
      ... on Order {
        ...OrderFields
      }
      ... on Error {
        message
        code
      }
      ... on InputError {
        field
      }
    }
  }
`);

export const RemoveItem = graphql(`
  mutation RemoveItem($input: RemoveItemInput!) {
    removeItem(input: $input) {
      __typename
      ... on Order {
        ...OrderFields
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

export const CartUpdated = graphql(`
  subscription CartUpdated($orderId: ID!) {
    cartUpdated(orderId: $orderId) {
      ...OrderFields
    }
  }
`);

export const SettingsUpdated = graphql(`
  subscription SettingsUpdated {
    settingsUpdated {
      taxRatePercent
      surchargePercent
      version
    }
  }
`);

export const OrderConnectionPage = graphql(`
  query OrderConnectionPage($first: Int, $last: Int, $after: String, $before: String) {
    orders(first: $first, last: $last, after: $after, before: $before) {
      edges {
        cursor
        node {
          id
          number
        }
      }
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const SettingsHistoryConnection = graphql(`
  query SettingsHistoryConnection($first: Int, $last: Int, $after: String, $before: String) {
    settingsHistory(first: $first, last: $last, after: $after, before: $before) {
      edges {
        cursor
        node {
          id
          settingsVersion
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);
