import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { forbidden, unauthenticated, type Viewer } from './viewer.ts';

/**
 * Who may read or call a field, declared on the schema with `authScopes` (Pothos scope-auth). A field without
 * scopes is readable by whoever may reach its parent object; the README's "Public surface" lists the rules.
 */
export interface AuthScopes {
  /** STAFF or ADMIN: the shop's own devices and people. */
  staff: boolean;
  /** ADMIN only: settings, catalogue, discounts. */
  admin: boolean;
  /** A CUSTOMER token scoped to the order with this id. */
  customerOf: string;
}

/** The scopes `viewer` holds; `customerOf` is checked per order id. */
export function scopesOf(viewer: Viewer) {
  return {
    staff: viewer.kind === 'staff',
    admin: viewer.kind === 'staff' && viewer.role === 'ADMIN',
    customerOf: (orderId: string) => viewer.kind === 'customer' && viewer.orderId === orderId,
  };
}

/**
 * The error for a field the viewer may not read: `UNAUTHENTICATED` (401) when nobody is signed in, else
 * `FORBIDDEN` (403). Both name the field, so a client learns which selection to drop.
 */
export function notAuthorized(viewer: Viewer, info: GraphQLResolveInfo): GraphQLError {
  const field = `${info.parentType.name}.${info.fieldName}`;
  return viewer.kind === 'anonymous'
    ? unauthenticated(`a valid bearer token is required to read ${field}`)
    : forbidden(`this token may not read ${field}`);
}

/** Field options of a field only the shop's staff may read (spread into `t.expose…`/`t.field`). */
export const STAFF_ONLY = { authScopes: { staff: true } };
