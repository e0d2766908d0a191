import type { KitchenOrderFieldsFragment } from '../gql/graphql.ts';
import { element } from './elements.ts';
import type { BoardStatus } from './kitchen-board.ts';
import { formatMoney } from './money.ts';

export type KitchenOrder = KitchenOrderFieldsFragment;

/** The one staff action each column offers: the transition to the next column (or off the board). */
export type KitchenAction = 'startPreparing' | 'markReady' | 'completeOrder';

export const NEXT_ACTION: Record<BoardStatus, { action: KitchenAction; label: string }> = {
  PAID: { action: 'startPreparing', label: 'Start preparing' },
  PREPARING: { action: 'markReady', label: 'Mark ready' },
  READY: { action: 'completeOrder', label: 'Complete' },
};

export const COLUMN_TITLES: Record<BoardStatus, string> = {
  PAID: 'Paid',
  PREPARING: 'Preparing',
  READY: 'Ready',
};

/** When the order entered the column it is in: the kitchen works oldest first. */
export function enteredColumnAt(order: KitchenOrder): string | null {
  const { timings } = order;
  if (order.status === 'READY') return timings.readyAt;
  if (order.status === 'PREPARING') return timings.preparingAt;
  return timings.paidAt;
}

export function oldestFirst(a: KitchenOrder, b: KitchenOrder): number {
  const byTime = (enteredColumnAt(a) ?? '').localeCompare(enteredColumnAt(b) ?? '');
  return byTime || a.number - b.number;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const SINCE_LABELS: Record<BoardStatus, string> = { PAID: 'Paid', PREPARING: 'Started', READY: 'Ready' };

export interface CardState {
  pending: boolean;
  problem: string | undefined;
}

/** One order's card; `onAction` runs the column's next transition. */
export function renderCard(
  order: KitchenOrder,
  status: BoardStatus,
  state: CardState,
  onAction: (order: KitchenOrder, action: KitchenAction) => void,
): HTMLLIElement {
  const titleId = `order-${order.id}-title`;
  const next = NEXT_ACTION[status];
  const since = enteredColumnAt(order);
  return element(
    'li',
    { 'data-order-id': order.id },
    element(
      'article',
      {
        class: 'order-card',
        'aria-labelledby': titleId,
        'data-status': status,
        'data-version': order.version,
      },
      element(
        'header',
        {},
        element(
          'h3',
          { id: titleId },
          element('span', { class: 'visually-hidden' }, 'Order '),
          element('span', { class: 'code' }, order.pickupCode),
          ' ',
          element('span', { class: 'number' }, `#${order.number}`),
        ),
        since &&
          element(
            'p',
            { class: 'since' },
            `${SINCE_LABELS[status]} `,
            element('time', { datetime: since }, clock.format(new Date(since))),
          ),
      ),
      element(
        'ul',
        { 'aria-label': 'Items' },
        order.items.map((item) =>
          element(
            'li',
            {},
            element('span', { class: 'quantity' }, `${item.quantity} ×`),
            ` ${item.name}`,
            item.notes && element('span', { class: 'notes' }, item.notes),
          ),
        ),
      ),
      element('p', { class: 'total' }, `Total ${formatMoney(order.total, order.currency)}`),
      state.problem && element('p', { class: 'problem action-problem', role: 'alert' }, state.problem),
      element(
        'button',
        {
          type: 'button',
          'data-action': next.action,
          'aria-label': `${next.label} order ${order.pickupCode}`,
          disabled: state.pending,
          'aria-busy': state.pending ? 'true' : undefined,
          onclick: () => onAction(order, next.action),
        },
        next.label,
      ),
    ),
  );
}
