import { type Client, CloseCode, createClient } from 'graphql-ws';
import type { TypedDocumentString } from '../gql/graphql.ts';

/** What the connection indicator shows. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'rejected';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: unknown };
}

/** Codes the API gives a token it does not accept, or a token that does not reach what was asked for. */
const ACCESS_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

export function isAccessError(errors: readonly GraphQLErrorShape[]): boolean {
  return errors.some((error) => ACCESS_CODES.has(String(error.extensions?.code)));
}

/**
 * The API ended the subscription because it cannot keep it live for now (its event channel was away too long;
 * README, "Faults"). Nothing is wrong with the request: subscribe again after a pause, which re-reads the state.
 */
export function isSourceLost(errors: readonly GraphQLErrorShape[]): boolean {
  return errors.some((error) => error.extensions?.code === 'LIVE_SOURCE_LOST');
}

/** The API closes a socket with this code when the token it was opened with expires (see the README). */
const TOKEN_EXPIRED_CLOSE_CODE = 4011;

const RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 5_000;
const KEEP_ALIVE_MS = 10_000;

/** The API's HTTP endpoint and its WebSocket twin on the same origin the page came from. */
const HTTP_URL = new URL('/graphql', location.href).toString();
const WS_URL = HTTP_URL.replace(/^http/, 'ws');

export interface LiveConnectionEvents {
  onState: (state: ConnectionState) => void;
  /**
   * The server closed with a code graphql-ws treats as final (e.g. 4500, an internal error): this client
   * is finished, and the page should open a new one after backing off, as the server asks.
   */
  onLost: () => void;
}

/**
 * One authenticated graphql-ws connection that never gives up: it reconnects with capped exponential backoff
 * after every close except a refused token or origin (close 4403) or an expired token (close 4011), and graphql-ws re-sends every active
 * subscription after a reconnect, so each page re-renders from the snapshot the API sends first. Keep-alive
 * pings notice a silently dead network (a tablet leaving Wi-Fi) instead of waiting forever.
 */
export function connectLive(token: string, events: LiveConnectionEvents): Client {
  // A token refused, or expired on an open socket (4011): retrying with the same token cannot succeed, so the
  // page asks for a fresh one (and then re-subscribes and re-reads its snapshot, as on every connect).
  const refused = (event: unknown) =>
    isCloseEvent(event) && (event.code === CloseCode.Forbidden || event.code === TOKEN_EXPIRED_CLOSE_CODE);
  return createClient({
    url: WS_URL,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !refused(event),
    retryWait: async (retries) => {
      const delay = Math.min(RETRY_BASE_MS * 2 ** retries, RETRY_CAP_MS) + Math.random() * 250;
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    onNonLazyError: (error) => {
      if (refused(error)) events.onState('rejected');
      else {
        events.onState('reconnecting');
        events.onLost();
      }
    },
    on: {
      connecting: (isRetry) => events.onState(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => events.onState('live'),
      closed: (event) => events.onState(refused(event) ? 'rejected' : 'reconnecting'),
    },
  });
}

/**
 * Ends a client made by {@link connectLive}: closes its socket and stops its reconnects. graphql-ws's `dispose`
 * waits for a connection attempt still under way and rejects with that attempt's close event when the server
 * refused it; that close was already reported through `onState` (which is usually why the page is disposing),
 * so the rejection is expected here and not an error of the page.
 */
export function disposeLive(client: Client): void {
  Promise.resolve(client.dispose()).catch((reason: unknown) => {
    if (!isCloseEvent(reason)) throw reason;
  });
}

/** How long a page waits before replacing a client the server closed for good. */
export const RECONNECT_AFTER_LOSS_MS = RETRY_CAP_MS;

function isCloseEvent(value: unknown): value is CloseEvent {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

/** Handlers for one live subscription. */
export interface LiveHandlers<TResult> {
  next: (data: TResult) => void;
  /** The API answered with GraphQL errors (the subscription has ended). */
  failed: (errors: readonly GraphQLErrorShape[]) => void;
}

/** Subscribes with a typed document; returns the function that unsubscribes. */
export function subscribe<TResult, TVariables>(
  client: Client,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  handlers: LiveHandlers<TResult>,
): () => void {
  return client.subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (value) => {
        if (value.errors?.length) handlers.failed(value.errors);
        else if (value.data) handlers.next(value.data);
      },
      error: (error) => {
        // Closes are the connection's business (`connectLive` reports them); GraphQL errors end here.
        if (isCloseEvent(error)) return;
        handlers.failed(Array.isArray(error) ? error : [{ message: String(error) }]);
      },
      complete: () => {},
    },
  );
}

export type ExecuteResult<TResult> =
  | { ok: true; data: TResult }
  | { ok: false; errors: readonly GraphQLErrorShape[] };

/** A query or mutation over HTTP with the page's token (staff actions, snapshots). */
export async function execute<TResult, TVariables>(
  token: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<ExecuteResult<TResult>> {
  let response: Response;
  try {
    response = await fetch(HTTP_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    return {
      ok: false,
      errors: [{ message: 'The server cannot be reached. Check the connection and try again.' }],
    };
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: TResult | null;
    errors?: GraphQLErrorShape[];
  };
  if (body.errors?.length) return { ok: false, errors: body.errors };
  if (!body.data) return { ok: false, errors: [{ message: `The server answered ${response.status}.` }] };
  return { ok: true, data: body.data };
}
