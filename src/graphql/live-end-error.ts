import { GraphQLError } from 'graphql';
import { LiveEnd } from '../realtime/live-end.ts';

/**
 * A subscription's resolver for a live stream's value: the value itself, or — for the {@link LiveEnd} a
 * stream yields last — a GraphQL error carrying its `extensions.code` (`LIVE_SOURCE_LOST`, `NOT_FOUND`), so
 * the client receives `{ data: null, errors: [...] }` followed by `complete`.
 */
export function liveValueOrEnd<T>(value: T | LiveEnd): T {
  if (value instanceof LiveEnd) throw new GraphQLError(value.message, { extensions: { code: value.code } });
  return value;
}
