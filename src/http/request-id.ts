import { randomUUID } from 'node:crypto';

/**
 * The id that ties a request's log lines together. A caller-supplied `x-request-id` is kept only when it is short
 * and plain (it ends up in every log line); otherwise a fresh UUID.
 */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,64}$/.test(header) ? header : randomUUID();
}
