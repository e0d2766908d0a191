import { GraphQLError } from 'graphql';
import { isDatabaseConflict, isDatabaseInputRejection, isDatabaseUnavailable } from '../db/unavailable.ts';
import { DomainError, InputError } from '../errors.ts';

/**
 * The one error taxonomy, from the edge to the log:
 * - `client`: the caller's mistake or a refusal by design (bad input, a limit, auth, not found, a write that
 *   collides with a committed row: `CONFLICT`). A 4xx or a typed error naming the field; logged at info/warn;
 *   counted under its own code.
 * - `unavailable`: a dependency is down: PostgreSQL (503 `DATABASE_UNAVAILABLE`), or Redis for longer than a live
 *   subscription can wait (`LIVE_SOURCE_LOST`); retry later; logged at warn.
 * - `internal`: a bug or an unexpected failure; masked as `INTERNAL_SERVER_ERROR` for the client, logged at error
 *   with the full error; counted as `INTERNAL`.
 */
export type ErrorKind = 'client' | 'unavailable' | 'internal';

export interface ClassifiedError {
  kind: ErrorKind;
  /** The client-facing `extensions.code`. */
  code: string;
  /** For input errors: the field the client should fix. */
  field?: string;
}

/** Codes that describe a fault of ours even when they arrive as a GraphQLError (yoga's masked errors). */
const INTERNAL_CODES = new Set(['INTERNAL_SERVER_ERROR', 'INTERNAL']);
const UNAVAILABLE_CODE = 'DATABASE_UNAVAILABLE';
/** A live subscription ended because its event channel was away too long (not the client's doing). */
const LIVE_SOURCE_LOST_CODE = 'LIVE_SOURCE_LOST';
/** A write refused because a committed row already holds one of its unique values. */
export const CONFLICT_CODE = 'CONFLICT';

/**
 * What an `extensions.code` looks like (`BAD_INPUT`, `GRAPHQL_VALIDATION_FAILED`). Codes are set by the server,
 * never copied from a request; anything else is treated as no code, so the `code` label of the metrics stays a
 * fixed set of identifiers.
 */
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

function codeOf(error: GraphQLError): string | undefined {
  const code = error.extensions.code;
  return typeof code === 'string' && CODE.test(code) ? code : undefined;
}

/**
 * Classifies any error thrown or returned anywhere in a GraphQL request (graphql-js wraps resolver errors).
 * `clientCode` is the code of a client error that carries none (validation errors: GRAPHQL_VALIDATION_FAILED).
 */
export function classifyError(error: unknown, clientCode = 'BAD_REQUEST'): ClassifiedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof GraphQLError) return classifyError(original, clientCode);
  if (original instanceof DomainError) {
    return {
      kind: 'client',
      code: original.code,
      ...(original instanceof InputError ? { field: original.field } : {}),
    };
  }
  // A code set on purpose (parse, validation, limits, auth, yoga's request errors) says which side it is on.
  const code = error instanceof GraphQLError ? codeOf(error) : undefined;
  if (code === UNAVAILABLE_CODE || code === LIVE_SOURCE_LOST_CODE) return { kind: 'unavailable', code };
  if (code && INTERNAL_CODES.has(code)) return { kind: 'internal', code: 'INTERNAL' };
  if (error instanceof GraphQLError && (code || !original)) {
    const field = error.extensions.field;
    return { kind: 'client', code: code ?? clientCode, ...(typeof field === 'string' ? { field } : {}) };
  }
  const cause = original ?? error;
  if (isDatabaseUnavailable(cause)) return { kind: 'unavailable', code: UNAVAILABLE_CODE };
  if (isDatabaseConflict(cause)) return { kind: 'client', code: CONFLICT_CODE };
  if (isDatabaseInputRejection(cause)) {
    const path = error instanceof GraphQLError && error.path ? error.path.join('.') : undefined;
    return { kind: 'client', code: 'BAD_INPUT', ...(path ? { field: path } : {}) };
  }
  return { kind: 'internal', code: 'INTERNAL' };
}
