import type { ExecutionResult } from 'graphql';
import { formatWebSocketResult } from './websocket-errors.ts';

/**
 * Serialises each subscription result once per process, however many sockets it is sent to.
 *
 * A published event is executed once per process for all its subscribers (graphql/shared-event-results.ts), so
 * every subscriber's graphql-ws `next` frame carries the same result object; the frames differ only in the
 * operation id. graphql-ws stringifies the whole frame per socket. Here the result is stringified once, cached by
 * object identity, and spliced into each frame:
 *
 * 1. graphql-ws's `onNext` returns `sharedPayload(result)`: an object whose `toJSON` hands its cached JSON to this
 *    module and stands in the frame as a placeholder string;
 * 2. graphql-ws stringifies `{"id":…,"type":"next","payload":"<placeholder>"}` and, synchronously in the same
 *    call, hands it to the transport's `send`, which calls `withSharedPayload(frame)` to put the JSON back.
 *
 * The frame a client receives holds the same JSON value graphql-ws would have sent, formatted for WebSocket
 * (`formatWebSocketResult`: no HTTP details on its errors), also once per result.
 */

/** Stands in for the payload; a NUL-led string no result can end a frame with. */
const PLACEHOLDER = '\u0000shared-payload';
const PLACEHOLDER_TAIL = `"payload":${JSON.stringify(PLACEHOLDER)}}`;

interface SharedPayload {
  toJSON(): string;
}

const payloads = new WeakMap<ExecutionResult, SharedPayload>();
/** The JSON of the payload stringified last, until the transport splices it into that frame. */
let pendingJson: string | undefined;

/** The stand-in for `result` in a graphql-ws `next` frame; the same object for the same result. */
export function sharedPayload(result: ExecutionResult): SharedPayload {
  let payload = payloads.get(result);
  if (!payload) {
    let json: string | undefined;
    payload = {
      toJSON() {
        json ??= JSON.stringify(formatWebSocketResult(result));
        pendingJson = json;
        return PLACEHOLDER;
      },
    };
    payloads.set(result, payload);
  }
  return payload;
}

/** The frame graphql-ws produced, with the shared payload's JSON in place of its placeholder. */
export function withSharedPayload(frame: string): string {
  const json = pendingJson;
  if (json === undefined) return frame;
  pendingJson = undefined;
  if (!frame.endsWith(PLACEHOLDER_TAIL)) return frame;
  return `${frame.slice(0, -PLACEHOLDER_TAIL.length)}"payload":${json}}`;
}
