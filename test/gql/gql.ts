/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    version\n    currency\n    items {\n      id\n      product {\n        id\n        name\n      }\n      name\n      unitPrice\n      quantity\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n    createdAt\n    updatedAt\n  }\n": typeof types.OrderFieldsFragmentDoc,
    "\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      __typename\n      ... on Settings {\n        taxRatePercent\n        surchargePercent\n        currency\n        terminalProvider\n        version\n      }\n      ... on InputError {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  query Settings {\n    settings {\n      taxRatePercent\n      surchargePercent\n      currency\n      terminalProvider\n      version\n    }\n  }\n": typeof types.SettingsDocument,
    "\n  query SettingsHistory($first: Int, $after: String) {\n    settingsHistory(first: $first, after: $after) {\n      nodes {\n        actor\n        field\n        oldValue\n        newValue\n        ordersRepriced\n        settingsVersion\n      }\n      endCursor\n    }\n  }\n": typeof types.SettingsHistoryDocument,
    "\n  mutation CreateCategory($input: CreateCategoryInput!) {\n    createCategory(input: $input) {\n      __typename\n      ... on Category {\n        id\n        name\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.CreateCategoryDocument,
    "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        name\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n      ... on NotFoundError {\n        entity\n        id\n      }\n    }\n  }\n": typeof types.CreateProductDocument,
    "\n  mutation UpdateProduct($input: UpdateProductInput!) {\n    updateProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.UpdateProductDocument,
    "\n  query Products($categoryId: ID, $search: String, $availableOnly: Boolean) {\n    products(categoryId: $categoryId, search: $search, availableOnly: $availableOnly) {\n      id\n      name\n      price\n      available\n    }\n  }\n": typeof types.ProductsDocument,
    "\n  mutation CreateOrder {\n    createOrder {\n      accessToken\n      order {\n        ...OrderFields\n      }\n    }\n  }\n": typeof types.CreateOrderDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n": typeof types.OrderDocument,
    "\n  mutation AddItem($input: AddItemInput!) {\n    addItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n      ... on NotFoundError {\n        entity\n      }\n      ... on OrderStateError {\n        status\n        allowed\n      }\n    }\n  }\n": typeof types.AddItemDocument,
    "\n  mutation SetItemQuantity($input: SetItemQuantityInput!) {\n    setItemQuantity(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n    }\n  }\n": typeof types.SetItemQuantityDocument,
    "\n  mutation RemoveItem($input: RemoveItemInput!) {\n    removeItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RemoveItemDocument,
    "\n  subscription CartUpdated($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...OrderFields\n    }\n  }\n": typeof types.CartUpdatedDocument,
    "\n  subscription SettingsUpdated {\n    settingsUpdated {\n      taxRatePercent\n      surchargePercent\n      version\n    }\n  }\n": typeof types.SettingsUpdatedDocument,
};
const documents: Documents = {
    "\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    version\n    currency\n    items {\n      id\n      product {\n        id\n        name\n      }\n      name\n      unitPrice\n      quantity\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n    createdAt\n    updatedAt\n  }\n": types.OrderFieldsFragmentDoc,
    "\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      __typename\n      ... on Settings {\n        taxRatePercent\n        surchargePercent\n        currency\n        terminalProvider\n        version\n      }\n      ... on InputError {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpdateSettingsDocument,
    "\n  query Settings {\n    settings {\n      taxRatePercent\n      surchargePercent\n      currency\n      terminalProvider\n      version\n    }\n  }\n": types.SettingsDocument,
    "\n  query SettingsHistory($first: Int, $after: String) {\n    settingsHistory(first: $first, after: $after) {\n      nodes {\n        actor\n        field\n        oldValue\n        newValue\n        ordersRepriced\n        settingsVersion\n      }\n      endCursor\n    }\n  }\n": types.SettingsHistoryDocument,
    "\n  mutation CreateCategory($input: CreateCategoryInput!) {\n    createCategory(input: $input) {\n      __typename\n      ... on Category {\n        id\n        name\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n": types.CreateCategoryDocument,
    "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        name\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n      ... on NotFoundError {\n        entity\n        id\n      }\n    }\n  }\n": types.CreateProductDocument,
    "\n  mutation UpdateProduct($input: UpdateProductInput!) {\n    updateProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n": types.UpdateProductDocument,
    "\n  query Products($categoryId: ID, $search: String, $availableOnly: Boolean) {\n    products(categoryId: $categoryId, search: $search, availableOnly: $availableOnly) {\n      id\n      name\n      price\n      available\n    }\n  }\n": types.ProductsDocument,
    "\n  mutation CreateOrder {\n    createOrder {\n      accessToken\n      order {\n        ...OrderFields\n      }\n    }\n  }\n": types.CreateOrderDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n": types.OrderDocument,
    "\n  mutation AddItem($input: AddItemInput!) {\n    addItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n      ... on NotFoundError {\n        entity\n      }\n      ... on OrderStateError {\n        status\n        allowed\n      }\n    }\n  }\n": types.AddItemDocument,
    "\n  mutation SetItemQuantity($input: SetItemQuantityInput!) {\n    setItemQuantity(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n    }\n  }\n": types.SetItemQuantityDocument,
    "\n  mutation RemoveItem($input: RemoveItemInput!) {\n    removeItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n": types.RemoveItemDocument,
    "\n  subscription CartUpdated($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...OrderFields\n    }\n  }\n": types.CartUpdatedDocument,
    "\n  subscription SettingsUpdated {\n    settingsUpdated {\n      taxRatePercent\n      surchargePercent\n      version\n    }\n  }\n": types.SettingsUpdatedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    version\n    currency\n    items {\n      id\n      product {\n        id\n        name\n      }\n      name\n      unitPrice\n      quantity\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment OrderFields on Order {\n    id\n    number\n    status\n    version\n    currency\n    items {\n      id\n      product {\n        id\n        name\n      }\n      name\n      unitPrice\n      quantity\n      lineTotal\n      notes\n    }\n    itemCount\n    subtotal\n    discountTotal\n    surcharge\n    tax\n    total\n    taxRatePercent\n    surchargePercent\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      __typename\n      ... on Settings {\n        taxRatePercent\n        surchargePercent\n        currency\n        terminalProvider\n        version\n      }\n      ... on InputError {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      __typename\n      ... on Settings {\n        taxRatePercent\n        surchargePercent\n        currency\n        terminalProvider\n        version\n      }\n      ... on InputError {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    settings {\n      taxRatePercent\n      surchargePercent\n      currency\n      terminalProvider\n      version\n    }\n  }\n"): (typeof documents)["\n  query Settings {\n    settings {\n      taxRatePercent\n      surchargePercent\n      currency\n      terminalProvider\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsHistory($first: Int, $after: String) {\n    settingsHistory(first: $first, after: $after) {\n      nodes {\n        actor\n        field\n        oldValue\n        newValue\n        ordersRepriced\n        settingsVersion\n      }\n      endCursor\n    }\n  }\n"): (typeof documents)["\n  query SettingsHistory($first: Int, $after: String) {\n    settingsHistory(first: $first, after: $after) {\n      nodes {\n        actor\n        field\n        oldValue\n        newValue\n        ordersRepriced\n        settingsVersion\n      }\n      endCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCategory($input: CreateCategoryInput!) {\n    createCategory(input: $input) {\n      __typename\n      ... on Category {\n        id\n        name\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCategory($input: CreateCategoryInput!) {\n    createCategory(input: $input) {\n      __typename\n      ... on Category {\n        id\n        name\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        name\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n      ... on NotFoundError {\n        entity\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        name\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n      ... on NotFoundError {\n        entity\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProduct($input: UpdateProductInput!) {\n    updateProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProduct($input: UpdateProductInput!) {\n    updateProduct(input: $input) {\n      __typename\n      ... on Product {\n        id\n        price\n        available\n        stock\n      }\n      ... on InputError {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Products($categoryId: ID, $search: String, $availableOnly: Boolean) {\n    products(categoryId: $categoryId, search: $search, availableOnly: $availableOnly) {\n      id\n      name\n      price\n      available\n    }\n  }\n"): (typeof documents)["\n  query Products($categoryId: ID, $search: String, $availableOnly: Boolean) {\n    products(categoryId: $categoryId, search: $search, availableOnly: $availableOnly) {\n      id\n      name\n      price\n      available\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrder {\n    createOrder {\n      accessToken\n      order {\n        ...OrderFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrder {\n    createOrder {\n      accessToken\n      order {\n        ...OrderFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddItem($input: AddItemInput!) {\n    addItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n      ... on NotFoundError {\n        entity\n      }\n      ... on OrderStateError {\n        status\n        allowed\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddItem($input: AddItemInput!) {\n    addItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n      ... on NotFoundError {\n        entity\n      }\n      ... on OrderStateError {\n        status\n        allowed\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetItemQuantity($input: SetItemQuantityInput!) {\n    setItemQuantity(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetItemQuantity($input: SetItemQuantityInput!) {\n    setItemQuantity(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n      ... on InputError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveItem($input: RemoveItemInput!) {\n    removeItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveItem($input: RemoveItemInput!) {\n    removeItem(input: $input) {\n      __typename\n      ... on Order {\n        ...OrderFields\n      }\n      ... on Error {\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CartUpdated($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  subscription CartUpdated($orderId: ID!) {\n    cartUpdated(orderId: $orderId) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SettingsUpdated {\n    settingsUpdated {\n      taxRatePercent\n      surchargePercent\n      version\n    }\n  }\n"): (typeof documents)["\n  subscription SettingsUpdated {\n    settingsUpdated {\n      taxRatePercent\n      surchargePercent\n      version\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;