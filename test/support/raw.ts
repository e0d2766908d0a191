import WebSocket from 'ws';

/** Raw HTTP and WebSocket access for tests that send what a well-behaved client never would. */

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
}

export async function postRaw(
  url: string,
  body: string,
  options: { token?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(url, {
    method: options.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.method === 'GET' ? undefined : body,
  });
  const text = await response.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A GraphQL request with an untyped document (for operations outside the committed schema's rules). */
export function postQuery(url: string, query: string, variables?: unknown, token?: string) {
  return postRaw(url, JSON.stringify({ query, variables }), { token });
}

export interface RawSocket {
  socket: WebSocket;
  messages: unknown[];
  /** Resolves with the close code and reason, failing after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  /** Resolves with the first message matching `predicate`, failing after `timeoutMs`. */
  message(predicate: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<unknown>;
  send(message: unknown): void;
}

/**
 * A graphql-transport-ws socket driven by hand. `answerPings` decides, ping by ping, whether to pong: a peer
 * that stops answering is what a vanished client (pulled cable, sleeping laptop) looks like to the server.
 */
export async function openRawSocket(
  httpUrl: string,
  options: { answerPings?: () => boolean; headers?: Record<string, string> } = {},
): Promise<RawSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', {
    autoPong: false,
    headers: options.headers,
  });
  const answerPings = options.answerPings ?? (() => true);
  socket.on('ping', (data) => {
    if (answerPings()) socket.pong(data);
  });
  const messages: unknown[] = [];
  const waiters = new Set<() => void>();
  let closeInfo: { code: number; reason: string } | undefined;
  socket.on('message', (data) => {
    try {
      messages.push(JSON.parse(String(data)));
    } catch {
      messages.push(String(data));
    }
    for (const waiter of waiters) waiter();
  });
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: String(reason) };
    for (const waiter of waiters) waiter();
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      let found: T | undefined;
      try {
        found = check();
      } catch (error) {
        return reject(error);
      }
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages)}`));
      }, timeoutMs);
      const waiter = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          clearTimeout(timer);
          waiters.delete(waiter);
          return reject(error);
        }
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(value);
      };
      waiters.add(waiter);
    });
  return {
    socket,
    messages,
    closed: (timeoutMs = 10_000) => waitFor(() => closeInfo, timeoutMs, 'close'),
    message: (predicate, timeoutMs = 10_000) =>
      waitFor(
        () => {
          const found = messages.find(
            (message) => typeof message === 'object' && message !== null && predicate(message as never),
          );
          if (found === undefined && closeInfo) {
            throw new Error(`socket closed (${closeInfo.code} ${closeInfo.reason}) before the message came`);
          }
          return found;
        },
        timeoutMs,
        'a message',
      ),
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
  };
}

/** Connects and completes `connection_init`; resolves once acknowledged. */
export async function openAcknowledgedSocket(
  httpUrl: string,
  token?: string,
  answerPings: () => boolean = () => true,
) {
  const raw = await openRawSocket(httpUrl, { answerPings });
  raw.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });
  await raw.message((message) => message.type === 'connection_ack');
  return raw;
}
