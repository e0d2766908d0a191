import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { postJson } from './http.ts';

/** One value as a subscriber saw it, stamped with the load generator's clock on receipt. */
export type OnValue = (version: number, total: string, receivedAt: number) => void;

export interface LiveSubscription {
  close(): void;
}

/** A system under test: the API or the floor, served by several processes (ports). */
export interface Target {
  readonly name: 'ours' | 'floor';
  readonly ports: readonly number[];
  /** Adds one unit of the product to the order through process `via`; resolves with the committed version. */
  addItem(via: number, orderId: string): Promise<number>;
  setTaxRate(via: number, taxRatePercent: string): Promise<void>;
  /** Opens a socket to process `via` with one subscription; resolves once the first value (the snapshot) arrived. */
  subscribe(via: number, orderId: string, onValue: OnValue): Promise<LiveSubscription>;
}

const SUBSCRIBE_TIMEOUT_MS = 60_000;
/** A settings change answers once every open order is re-priced: far longer than a cart edit. */
const SETTINGS_TIMEOUT_MS = 180_000;

const VERSION = /"version":(\d+)/;
const TOTAL = /"total":"([^"]*)"/;

/**
 * The load generator shares the machine's two cores with the servers: a value is read with two regular
 * expressions instead of a full JSON.parse, so the generator's own cost per delivery stays small. Both
 * systems' values carry exactly one `version` and one `total` (the order's; lines have neither).
 */
function versionAndTotal(text: string): { version: number; total: string } | null {
  const version = VERSION.exec(text)?.[1];
  const total = TOTAL.exec(text)?.[1];
  return version === undefined || total === undefined ? null : { version: Number(version), total };
}

/**
 * Shared WebSocket plumbing: resolve on the first value, reject on close/error/timeout before it. After the
 * first value, values keep flowing to `onValue`.
 */
function openSocket(
  url: string,
  protocol: string | undefined,
  onOpen: (socket: WebSocket) => void,
  onMessage: (socket: WebSocket, text: string) => { version: number; total: string } | null,
  onValue: OnValue,
): Promise<LiveSubscription> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocol, { perMessageDeflate: false });
    let first = true;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('subscription timed out'));
    }, SUBSCRIBE_TIMEOUT_MS);
    socket.on('open', () => onOpen(socket));
    socket.on('message', (raw) => {
      const receivedAt = performance.now();
      const value = onMessage(socket, String(raw));
      if (!value) return;
      onValue(value.version, value.total, receivedAt);
      if (first) {
        first = false;
        clearTimeout(timer);
        resolve({ close: () => socket.terminate() });
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (first) reject(error);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      if (first) reject(new Error(`socket closed ${code} ${String(reason)}`));
    });
  });
}

const ADD_ITEM = `mutation AddItem($input: AddItemInput!) {
  addItem(input: $input) { __typename ... on Order { version } ... on Error { code message } }
}`;
const UPDATE_SETTINGS = `mutation UpdateSettings($input: UpdateSettingsInput!) {
  updateSettings(input: $input) { __typename ... on Settings { version } }
}`;
/** What a second-screen cart view selects: the fields a customer sees. */
const CART_UPDATED = `subscription CartUpdated($orderId: ID!) {
  cartUpdated(orderId: $orderId) {
    id version status itemCount subtotal surcharge tax total
    items { id name quantity unitPrice lineTotal notes }
  }
}`;

/** The API refuses requests without its CSRF-prevention header (browsers cannot add it cross-site). */
const API_HEADERS = { 'x-graphql-csrf': '1' };

interface GraphQLBody {
  data?: Record<string, { __typename?: string; version?: number } | undefined>;
  errors?: unknown[];
}

export function apiTarget(ports: readonly number[], token: string, productId: string): Target {
  return {
    name: 'ours',
    ports,
    async addItem(via, orderId) {
      const body = (await postJson(
        ports[via] as number,
        '/graphql',
        { query: ADD_ITEM, variables: { input: { orderId, productId, quantity: 1 } } },
        token,
        API_HEADERS,
      )) as GraphQLBody;
      const result = body.data?.addItem;
      if (result?.__typename !== 'Order' || typeof result.version !== 'number') {
        throw new Error(`addItem failed: ${JSON.stringify(body)}`);
      }
      return result.version;
    },
    async setTaxRate(via, taxRatePercent) {
      const body = (await postJson(
        ports[via] as number,
        '/graphql',
        { query: UPDATE_SETTINGS, variables: { input: { taxRatePercent } } },
        token,
        API_HEADERS,
        SETTINGS_TIMEOUT_MS,
      )) as GraphQLBody;
      if (body.data?.updateSettings?.__typename !== 'Settings') {
        throw new Error(`updateSettings failed: ${JSON.stringify(body)}`);
      }
    },
    subscribe(via, orderId, onValue) {
      return openSocket(
        `ws://127.0.0.1:${ports[via]}/graphql`,
        'graphql-transport-ws',
        (socket) =>
          socket.send(
            JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
          ),
        (socket, text) => {
          if (text.includes('"type":"next"') && text.includes('"cartUpdated"')) return versionAndTotal(text);
          const message = JSON.parse(text) as { type: string };
          if (message.type === 'connection_ack') {
            socket.send(
              JSON.stringify({
                id: '1',
                type: 'subscribe',
                payload: { query: CART_UPDATED, variables: { orderId } },
              }),
            );
          } else if (message.type === 'ping') {
            socket.send(JSON.stringify({ type: 'pong' }));
          } else if (message.type === 'error' || message.type === 'complete') {
            socket.close(4000, `subscription ended: ${text.slice(0, 200)}`);
          }
          return null;
        },
        onValue,
      );
    },
  };
}

export function floorTarget(ports: readonly number[], token: string, productId: string): Target {
  return {
    name: 'floor',
    ports,
    async addItem(via, orderId) {
      const body = (await postJson(
        ports[via] as number,
        `/orders/${orderId}/items`,
        { productId, quantity: 1 },
        token,
      )) as { version: number };
      return body.version;
    },
    async setTaxRate(via, taxRatePercent) {
      await postJson(ports[via] as number, '/settings', { taxRatePercent }, token, {}, SETTINGS_TIMEOUT_MS);
    },
    subscribe(via, orderId, onValue) {
      return openSocket(
        `ws://127.0.0.1:${ports[via]}/live`,
        undefined,
        (socket) => socket.send(JSON.stringify({ authorization: `Bearer ${token}`, orderId })),
        (_socket, text) => versionAndTotal(text),
        onValue,
      );
    },
  };
}
