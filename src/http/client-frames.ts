import { type Message, MessageType, parseMessage } from 'graphql-ws';

/**
 * The message types graphql-transport-ws lets a client send. `connection_ack`, `next` and `error` are sent by
 * servers only; graphql-ws's server throws on them, which would make a client's mistake look like a fault.
 */
const CLIENT_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  MessageType.ConnectionInit,
  MessageType.Ping,
  MessageType.Pong,
  MessageType.Subscribe,
  MessageType.Complete,
]);

/** Why a frame breaks the protocol on the client's side: what is counted, logged and sent as the close reason. */
export interface ClientFrameMistake {
  /** A bounded metric label. */
  reason: 'invalid_message' | 'server_only_message';
  /** The close reason (at most 123 bytes, as WebSocket requires). */
  closeReason: string;
  /** What was wrong, for the log line (may quote the client's frame, cut to 200 characters). */
  detail: string;
}

/** One text frame from a client, read once: the message graphql-ws may handle, or the client's mistake. */
export type ClientFrame =
  | { message: Message; mistake?: undefined }
  | { message?: undefined; mistake: ClientFrameMistake };

/**
 * Reads one text frame from a client against graphql-transport-ws before graphql-ws handles it: not a valid
 * message (graphql-ws's own `parseMessage` rules), or a message only a server may send, is a mistake. A frame
 * graphql-ws may handle comes back as its message; everything that fails there afterwards is the server's fault.
 */
export function readClientFrame(data: string): ClientFrame {
  let message: Message;
  try {
    message = parseMessage(data);
  } catch (error) {
    return {
      mistake: {
        reason: 'invalid_message',
        closeReason: 'Invalid message received',
        detail: (error instanceof Error ? error.message : String(error)).slice(0, 200),
      },
    };
  }
  const { type } = message;
  if (CLIENT_MESSAGE_TYPES.has(type)) return { message };
  return {
    mistake: {
      reason: 'server_only_message',
      closeReason: `Unexpected message of type ${type}: only a server sends it`,
      detail: `a client sent "${type}"`,
    },
  };
}
