import { GraphQLError } from 'graphql';

export const ROLES = ['ADMIN', 'STAFF', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as established from a verified token (or nobody). */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'staff'; role: 'ADMIN' | 'STAFF'; sub: string }
  | { kind: 'customer'; role: 'CUSTOMER'; sub: string; orderId: string };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export function unauthenticated(message = 'a valid bearer token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** Admins manage settings and catalogue. */
export function requireAdmin(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind !== 'staff' || viewer.role !== 'ADMIN')
    throw forbidden('this operation requires the ADMIN role');
  return viewer.sub;
}

/** Staff (and admins) see every order. */
export function requireStaff(viewer: Viewer): string {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind !== 'staff') throw forbidden('this operation requires the STAFF or ADMIN role');
  return viewer.sub;
}

/** Staff reach any order; a customer only the one order their token names. Returns the actor's name. */
export function requireOrderAccess(viewer: Viewer, orderId: string): string {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind === 'customer' && viewer.orderId !== orderId) {
    throw forbidden('this token does not grant access to that order');
  }
  return viewer.sub;
}

/** Anyone may start an order (the customer ordering page is anonymous); the actor is recorded. */
export function actorOf(viewer: Viewer): string {
  return viewer.kind === 'anonymous' ? 'guest' : viewer.sub;
}
