/**
 * `/live/kitchen` — the kitchen board: orders in PAID, PREPARING and READY, each with the button for its next
 * step. Cards appear, move and leave as `liveOrders` reports committed changes; after every (re)connect the
 * board re-reads its snapshot with `orders` (subscribe first, then read, as the API asks) and reconciles.
 */
import type { Client } from 'graphql-ws';
import type { KitchenSnapshotQuery } from '../gql/graphql.ts';
import { AccessToken, tokenForm } from './access-token.ts';
import { showConnectionState } from './connection-status.ts';
import { element, requiredElement } from './elements.ts';
import { BOARD_STATUSES, type BoardStatus, isBoardStatus, KitchenBoard } from './kitchen-board.ts';
import {
  CompleteOrder,
  KitchenEvents,
  KitchenSnapshot,
  MarkReady,
  StartPreparing,
} from './kitchen-operations.ts';
import {
  type CardState,
  COLUMN_TITLES,
  type KitchenAction,
  type KitchenOrder,
  oldestFirst,
  renderCard,
} from './kitchen-render.ts';
import {
  connectLive,
  disposeLive,
  type ExecuteResult,
  execute,
  type GraphQLErrorShape,
  isAccessError,
  isSourceLost,
  RECONNECT_AFTER_LOSS_MS,
  subscribe,
} from './live-client.ts';

const SNAPSHOT_PAGE_SIZE = 100;
const MAX_SNAPSHOT_PAGES = 10;
/**
 * Redis pub/sub is at most once: an event lost between processes would leave a card wrong until the next
 * change. Re-reading the snapshot now and then bounds how long that can last on a screen nobody reloads.
 */
const RECONCILE_EVERY_MS = 60_000;

const token = new AccessToken('pos.live.kitchen');
const indicator = requiredElement('connection', HTMLElement);
const boardElement = requiredElement('board', HTMLDivElement);
const tokenSlot = requiredElement('token-slot', HTMLDivElement);
const problemSlot = requiredElement('board-problem', HTMLDivElement);
const announcer = requiredElement('announcer', HTMLParagraphElement);

interface Session {
  token: string;
  client?: Client;
  unsubscribe?: () => void;
  reconcile?: ReturnType<typeof setInterval>;
}

let session: Session | undefined;
let board = new KitchenBoard<KitchenOrder>(oldestFirst);
const cardStates = new Map<string, CardState>();
const rendered = new Map<string, { key: string; element: HTMLLIElement }>();

interface Column {
  section: HTMLElement;
  list: HTMLUListElement;
  count: HTMLSpanElement;
  empty: HTMLParagraphElement;
}

function buildColumn(status: BoardStatus): Column {
  const titleId = `column-${status}-title`;
  const list = element('ul', { class: 'cards', 'aria-labelledby': titleId });
  const count = element('span', { class: 'count' });
  const empty = element('p', { class: 'empty' }, 'No orders');
  const section = element(
    'section',
    { class: 'column', 'data-status': status, 'aria-labelledby': titleId },
    element('h2', { id: titleId }, COLUMN_TITLES[status], ' ', count),
    empty,
    list,
  );
  return { section, list, count, empty };
}

const columns: Record<BoardStatus, Column> = {
  PAID: buildColumn('PAID'),
  PREPARING: buildColumn('PREPARING'),
  READY: buildColumn('READY'),
};

function cardState(id: string): CardState {
  return cardStates.get(id) ?? { pending: false, problem: undefined };
}

function render(): void {
  const focusedAction = document.activeElement?.closest<HTMLElement>('[data-order-id]')?.dataset.orderId;
  const kept = new Set<string>();
  for (const status of BOARD_STATUSES) {
    const { list, count, empty } = columns[status];
    const orders = board.column(status);
    const cards = orders.map((order) => {
      kept.add(order.id);
      const state = cardState(order.id);
      const key = `${order.version}:${status}:${state.pending}:${state.problem ?? ''}`;
      const existing = rendered.get(order.id);
      if (existing?.key === key) return existing.element;
      const card = renderCard(order, status, state, startAction);
      rendered.set(order.id, { key, element: card });
      return card;
    });
    list.replaceChildren(...cards);
    count.textContent = `(${orders.length})`;
    empty.hidden = orders.length > 0;
  }
  for (const id of [...rendered.keys()]) {
    if (!kept.has(id)) {
      rendered.delete(id);
      cardStates.delete(id);
    }
  }
  if (focusedAction) rendered.get(focusedAction)?.element.querySelector('button')?.focus();
}

function announce(order: KitchenOrder, previous: KitchenOrder | undefined): void {
  if (previous?.status === order.status) return;
  announcer.textContent = isBoardStatus(order.status)
    ? `Order ${order.pickupCode}: ${COLUMN_TITLES[order.status].toLowerCase()}`
    : `Order ${order.pickupCode} left the board`;
}

/** Runs one staff transition over HTTP; the answer is the order as committed, or why it was refused. */
async function transition(sessionToken: string, action: KitchenAction, orderId: string) {
  switch (action) {
    case 'startPreparing': {
      const result = await execute(sessionToken, StartPreparing, { orderId });
      return result.ok ? { ok: true as const, outcome: result.data.startPreparing } : result;
    }
    case 'markReady': {
      const result = await execute(sessionToken, MarkReady, { orderId });
      return result.ok ? { ok: true as const, outcome: result.data.markReady } : result;
    }
    case 'completeOrder': {
      const result = await execute(sessionToken, CompleteOrder, { orderId });
      return result.ok ? { ok: true as const, outcome: result.data.completeOrder } : result;
    }
  }
}

/** A button's click handler: the action's failure (a network error) ends as the card's problem, not in the void. */
function startAction(order: KitchenOrder, action: KitchenAction): void {
  runAction(order, action).catch(() => {
    cardStates.set(order.id, { pending: false, problem: 'The action failed; try again.' });
    render();
  });
}

async function runAction(order: KitchenOrder, action: KitchenAction): Promise<void> {
  const current = session;
  if (!current) return;
  cardStates.set(order.id, { pending: true, problem: undefined });
  render();
  const result = await transition(current.token, action, order.id);
  if (session !== current) return;
  let problem: string | undefined;
  if (!result.ok) problem = result.errors[0]?.message ?? 'The action failed.';
  else {
    const { outcome } = result;
    if (outcome.__typename === 'Order') {
      // The event will say the same; applying the answer now moves the card without waiting for it.
      const previous = board.get(outcome.id);
      if (board.applyEvent(outcome)) announce(outcome, previous);
    } else problem = outcome.message;
  }
  cardStates.set(order.id, { pending: false, problem });
  render();
}

async function loadSnapshot(current: Session): Promise<void> {
  const mark = board.snapshotMark();
  const orders: KitchenOrder[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_SNAPSHOT_PAGES; page++) {
    const result: ExecuteResult<KitchenSnapshotQuery> = await execute(current.token, KitchenSnapshot, {
      statuses: [...BOARD_STATUSES],
      first: SNAPSHOT_PAGE_SIZE,
      after,
    });
    if (session !== current) return;
    if (!result.ok) {
      showFailure(result.errors);
      return;
    }
    orders.push(...result.data.orders.nodes);
    if (!result.data.orders.pageInfo.hasNextPage) break;
    after = result.data.orders.pageInfo.endCursor ?? null;
  }
  problemSlot.replaceChildren();
  board.applySnapshot(orders, mark);
  render();
}

function showFailure(errors: readonly GraphQLErrorShape[]): void {
  if (isAccessError(errors)) {
    token.forget();
    askForToken('This token cannot open the kitchen board: a STAFF or ADMIN token is needed.');
    return;
  }
  problemSlot.replaceChildren(
    element('p', { class: 'problem', role: 'alert' }, `The board may be incomplete: ${errors[0]?.message}`),
  );
}

function stop(): void {
  if (!session) return;
  const { client, unsubscribe, reconcile } = session;
  session = undefined;
  clearInterval(reconcile);
  unsubscribe?.();
  if (client) disposeLive(client);
}

function askForToken(problem?: string): void {
  stop();
  showConnectionState(indicator, 'rejected');
  boardElement.hidden = true;
  tokenSlot.replaceChildren(
    tokenForm({
      purpose: 'Paste a STAFF token (npm run token -- --role STAFF --sub kitchen) to open the kitchen board.',
      problem,
      onToken: (value) => {
        token.save(value);
        start(value);
      },
    }),
  );
  tokenSlot.querySelector('textarea')?.focus();
}

/** Opens the board for a token: a fresh board, then the connection. */
function start(value: string): void {
  stop();
  tokenSlot.replaceChildren();
  problemSlot.replaceChildren();
  boardElement.hidden = false;
  board = new KitchenBoard<KitchenOrder>(oldestFirst);
  cardStates.clear();
  rendered.clear();
  render();
  connect(value);
}

/** Subscribes, then loads the snapshot on every (re)connect; keeps the board, which the snapshot reconciles. */
function connect(value: string): void {
  stop();
  const current: Session = { token: value };
  session = current;
  const client = connectLive(value, {
    onState: (state) => {
      if (session !== current) return;
      if (state === 'rejected') {
        token.forget();
        askForToken('The server refused the connection: the token may have expired. Paste a new one.');
        return;
      }
      showConnectionState(indicator, state);
      clearInterval(current.reconcile);
      current.reconcile = undefined;
      if (state !== 'live') return;
      // graphql-ws re-sends the subscription right after the acknowledgement; reading the snapshot on the
      // next task puts the read after the subscribe message, as "subscribe, then load the board" requires.
      setTimeout(() => void loadSnapshot(current), 0);
      current.reconcile = setInterval(() => void loadSnapshot(current), RECONCILE_EVERY_MS);
    },
    onLost: () => {
      setTimeout(() => {
        if (session === current) connect(value);
      }, RECONNECT_AFTER_LOSS_MS);
    },
  });
  current.client = client;
  current.unsubscribe = subscribe(
    client,
    KitchenEvents,
    { statuses: [...BOARD_STATUSES] },
    {
      next: ({ liveOrders }) => {
        const previous = board.get(liveOrders.order.id);
        if (!board.applyEvent(liveOrders.order)) return;
        announce(liveOrders.order, previous);
        render();
      },
      failed: (errors) => {
        if (!isSourceLost(errors)) return showFailure(errors);
        // Shown as a reconnect: the next connection reloads the board from the committed state.
        showConnectionState(indicator, 'reconnecting');
        setTimeout(() => {
          if (session === current) connect(value);
        }, RECONNECT_AFTER_LOSS_MS);
      },
    },
  );
}

boardElement.replaceChildren(...BOARD_STATUSES.map((status) => columns[status].section));
const initial = token.take();
if (initial) start(initial);
else askForToken();
