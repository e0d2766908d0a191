import { GraphQLError } from 'graphql';

export const ROLES = ['ADMIN', 'STAFF', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as established from a verified token (or nobody). */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'staff'; role: 'ADMIN' | 'STAFF'; sub: string }
  | { kind: 'customer'; role: 'CUSTOMER'; sub: string; orderId: string };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/**
 * Longest "who did it" the records keep (the `actor` and `createdBy` columns): a token's subject is recorded
 * there as it is, so no token may carry a longer one.
 */
export const MAX_ACTOR_LENGTH = 200;

export function unauthenticated(message = 'a valid bearer token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/**
 * The one place a customer is kept to its own order. Not a scope on the schema: it depends on which order
 * the request reaches, known from an argument or only after reading a line (`setItemQuantity`), so it runs
 * where the order id is known, behind the field's `ORDER_HOLDERS` scope. Staff reach every order.
 * @throws GraphQLError `UNAUTHENTICATED` without a token (should a field lack the scope), `FORBIDDEN` when a
 *   customer token names another order.
 */
export function requireOrderAccess(viewer: Viewer, orderId: string): void {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind === 'customer' && viewer.orderId !== orderId) {
    throw forbidden('this token does not grant access to that order');
  }
}

/**
 * Who a change is recorded as: the token's subject, or `guest` (anyone may start an order: the customer
 * ordering page is anonymous).
 */
export function actorOf(viewer: Viewer): string {
  return viewer.kind === 'anonymous' ? 'guest' : viewer.sub;
}
