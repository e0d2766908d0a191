import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { forbidden, unauthenticated, type Viewer } from './viewer.ts';

/**
 * Which callers may read or call a field, declared on the schema with `authScopes` (Pothos scope-auth) and
 * checked before the field resolves. A field without scopes is open to whoever may reach its parent object;
 * the README's "Public surface" lists the rules. Which order a customer may reach is data, not a role: see
 * `requireOrderAccess` (viewer.ts).
 */
export interface AuthScopes {
  /** STAFF or ADMIN: the shop's own devices and people. */
  staff: boolean;
  /** ADMIN only: settings, catalogue, discounts. */
  admin: boolean;
  /** A CUSTOMER token (scoped to one order; `requireOrderAccess` checks which). */
  customer: boolean;
}

/** The scopes `viewer` holds. */
export function scopesOf(viewer: Viewer): AuthScopes {
  return {
    staff: viewer.kind === 'staff',
    admin: viewer.kind === 'staff' && viewer.role === 'ADMIN',
    customer: viewer.kind === 'customer',
  };
}

/**
 * Names everything that decides which fields `viewer` may read: its scopes and, for a customer, its order.
 * Two viewers with the same audience are shown exactly the same fields of the same value, so a result
 * computed for one may be sent to the other (shared subscription events); viewers with different audiences
 * never share one.
 */
export function audienceOf(viewer: Viewer): string {
  const scopes = scopesOf(viewer);
  const held = (Object.keys(scopes) as (keyof AuthScopes)[]).filter((scope) => scopes[scope]).join(',');
  return viewer.kind === 'customer' ? `${held}:${viewer.orderId}` : held || 'anonymous';
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

/** Field options of a field only the shop's staff may read or call (spread into `t.expose…`/`t.field`). */
export const STAFF_ONLY = { authScopes: { staff: true } };

/** Field options of a field only admins may call. */
export const ADMIN_ONLY = { authScopes: { admin: true } };

/**
 * Field options of a field that reaches one order: staff, or a customer — whose token must also name that
 * order, checked by `requireOrderAccess` once the order is known.
 */
export const ORDER_HOLDERS = { authScopes: { staff: true, customer: true } };
