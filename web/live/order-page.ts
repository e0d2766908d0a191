/**
 * `/live/order/:id` — the customer's order, live: every line as it is added, totals re-priced the moment
 * settings change, and the status through to "ready for pickup". The API's `cartUpdated` sends the committed
 * state first, and again after every reconnect, so the page never needs to patch: it renders each value.
 */
import type { Client } from 'graphql-ws';
import { AccessToken, tokenForm } from './access-token.ts';
import { showConnectionState } from './connection-status.ts';
import { element, requiredElement } from './elements.ts';
import {
  connectLive,
  disposeLive,
  type GraphQLErrorShape,
  isAccessError,
  isSourceLost,
  RECONNECT_AFTER_LOSS_MS,
  subscribe,
} from './live-client.ts';
import { CustomerOrder } from './operations.ts';
import { type CustomerOrderView, renderDetails, renderStatus, statusHeadline } from './order-render.ts';

const orderId = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').at(-1) ?? '');
const token = new AccessToken(`pos.live.order.${orderId}`);
const indicator = requiredElement('connection', HTMLElement);
const title = requiredElement('title', HTMLHeadingElement);
const banner = requiredElement('order-status', HTMLDivElement);
const details = requiredElement('order-details', HTMLDivElement);
const tokenSlot = requiredElement('token-slot', HTMLDivElement);

let session: { client?: Client; unsubscribe?: () => void } | undefined;

function stop(): void {
  if (!session) return;
  const { client, unsubscribe } = session;
  session = undefined;
  unsubscribe?.();
  if (client) disposeLive(client);
}

function askForToken(problem?: string): void {
  stop();
  showConnectionState(indicator, 'rejected');
  banner.hidden = true;
  details.replaceChildren();
  tokenSlot.replaceChildren(
    tokenForm({
      purpose:
        'Paste the order link’s token (from your receipt or the ordering page) to follow this order live.',
      problem,
      onToken: (value) => {
        token.save(value);
        start(value);
      },
    }),
  );
  tokenSlot.querySelector('textarea')?.focus();
}

function showProblem(errors: readonly GraphQLErrorShape[]): void {
  details.replaceChildren(
    element(
      'p',
      { class: 'problem', role: 'alert' },
      `This order cannot be shown: ${errors[0]?.message ?? 'unknown error'}`,
    ),
  );
}

function render(order: CustomerOrderView, previous: CustomerOrderView | undefined): void {
  title.replaceChildren('Order ', element('span', { class: 'code' }, order.pickupCode));
  document.title = `Order ${order.pickupCode} · ${statusHeadline(order.status)}`;
  banner.hidden = false;
  if (previous?.status !== order.status) renderStatus(banner, order);
  details.replaceChildren(...renderDetails(order));
  details.setAttribute('aria-busy', 'false');
  if (previous && previous.status !== 'READY' && order.status === 'READY')
    navigator.vibrate?.([200, 100, 200]);
}

let shown: CustomerOrderView | undefined;

function start(value: string): void {
  stop();
  tokenSlot.replaceChildren();
  const current: NonNullable<typeof session> = {};
  session = current;
  const client = connectLive(value, {
    onState: (state) => {
      if (session !== current) return;
      if (state === 'rejected') {
        token.forget();
        askForToken('The server refused the connection: the token may have expired. Paste a new one.');
      } else showConnectionState(indicator, state);
    },
    onLost: () => {
      setTimeout(() => {
        if (session === current) start(value);
      }, RECONNECT_AFTER_LOSS_MS);
    },
  });
  current.client = client;
  current.unsubscribe = subscribe(
    client,
    CustomerOrder,
    { orderId },
    {
      next: ({ cartUpdated: order }) => {
        // Values arrive in version order; a snapshot after a reconnect is never older than what is shown.
        if (shown && shown.id === order.id && order.version < shown.version) return;
        render(order, shown);
        shown = order;
      },
      failed: (errors) => {
        if (isAccessError(errors)) {
          token.forget();
          askForToken('This token does not open this order.');
        } else if (isSourceLost(errors)) {
          // Shown as a reconnect: the next subscription starts from the committed state.
          showConnectionState(indicator, 'reconnecting');
          setTimeout(() => {
            if (session === current) start(value);
          }, RECONNECT_AFTER_LOSS_MS);
        } else showProblem(errors);
      },
    },
  );
}

const initial = token.take();
if (initial) start(initial);
else askForToken();
