import { AsyncLocalStorage } from 'node:async_hooks';

const requests = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Runs `handle` with `requestId` as the current request's id, so code that is handed no context (yoga's own
 * error logging, a failure caught at the edge) can still name the request in its log line.
 */
export function withRequestId<T>(requestId: string, handle: () => T): T {
  return requests.run({ requestId }, handle);
}

/** The id of the HTTP request being handled, if any. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}
