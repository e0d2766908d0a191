import type { CustomerOrderFieldsFragment, OrderStatus } from '../gql/graphql.ts';
import { element } from './elements.ts';
import { formatMoney, formatPercent, isZeroAmount } from './money.ts';

export type CustomerOrderView = CustomerOrderFieldsFragment;

/** What the customer is told in each status; READY is the moment the page exists for. */
const STATUS_MESSAGES: Record<OrderStatus, { headline: string; detail: string }> = {
  DRAFT: { headline: 'Building your order', detail: 'Items appear here as they are added.' },
  VALIDATED: { headline: 'Order confirmed', detail: 'Waiting for payment.' },
  PAID: { headline: 'Paid, in the queue', detail: 'The kitchen will start on it shortly.' },
  PREPARING: { headline: 'Being prepared', detail: 'Your order is being made now.' },
  READY: { headline: 'Ready for pickup!', detail: 'Show this code at the counter.' },
  DONE: { headline: 'Picked up', detail: 'Enjoy your meal!' },
  INVOICED: { headline: 'Picked up', detail: 'Enjoy your meal! Your invoice has been issued.' },
  CANCELLED: { headline: 'Order cancelled', detail: 'Please ask at the counter if this is unexpected.' },
};

const STEPS: { label: string; statuses: readonly OrderStatus[] }[] = [
  { label: 'Ordered', statuses: ['DRAFT', 'VALIDATED'] },
  { label: 'Paid', statuses: ['PAID'] },
  { label: 'Preparing', statuses: ['PREPARING'] },
  { label: 'Ready', statuses: ['READY'] },
  { label: 'Picked up', statuses: ['DONE', 'INVOICED'] },
];

export function statusHeadline(status: OrderStatus): string {
  return STATUS_MESSAGES[status].headline;
}

/** The banner's content; the banner itself stays in the page so its live region announces each change. */
export function renderStatus(banner: HTMLElement, order: CustomerOrderView): void {
  const message = STATUS_MESSAGES[order.status];
  banner.dataset.status = order.status;
  banner.replaceChildren(
    element('p', { class: 'headline' }, message.headline),
    element('p', { class: 'detail' }, message.detail),
    ...(order.status === 'READY' ? [pickupCode(order.pickupCode)] : []),
  );
}

/** The code the customer shows at the counter, large enough to read from across it. */
function pickupCode(code: string): HTMLElement {
  return element('p', { class: 'pickup-code' }, 'Pickup code ', element('strong', { class: 'code' }, code));
}

function progress(status: OrderStatus): HTMLOListElement {
  const current = STEPS.findIndex((step) => step.statuses.includes(status));
  return element(
    'ol',
    { class: 'progress', 'aria-label': 'Order progress' },
    STEPS.map((step, index) =>
      element(
        'li',
        {
          class: current < 0 ? '' : index < current ? 'done' : index === current ? 'current' : '',
          'aria-current': index === current ? 'step' : undefined,
        },
        step.label,
      ),
    ),
  );
}

function itemsTable(order: CustomerOrderView): HTMLElement {
  const money = (amount: string) => formatMoney(amount, order.currency);
  if (!order.items.length) return element('p', { class: 'empty' }, 'No items yet.');
  return element(
    'table',
    { class: 'items' },
    element('caption', { class: 'visually-hidden' }, 'Items in your order'),
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', { scope: 'col' }, 'Item'),
        element('th', { scope: 'col', class: 'number' }, 'Qty'),
        element('th', { scope: 'col', class: 'number' }, 'Price'),
      ),
    ),
    element(
      'tbody',
      {},
      order.items.map((item) =>
        element(
          'tr',
          { 'data-item-id': item.id },
          element(
            'th',
            { scope: 'row' },
            item.name,
            item.quantity > 1 && element('span', { class: 'unit-price' }, ` ${money(item.unitPrice)} each`),
            item.notes && element('span', { class: 'notes' }, item.notes),
          ),
          element('td', { class: 'number' }, item.quantity),
          element('td', { class: 'number' }, money(item.lineTotal)),
        ),
      ),
    ),
  );
}

function totals(order: CustomerOrderView): HTMLDListElement {
  const money = (amount: string) => formatMoney(amount, order.currency);
  const row = (name: string, label: string, amount: string) =>
    element(
      'div',
      { class: `total-row ${name}`, 'data-total': name },
      element('dt', {}, label),
      element('dd', {}, amount),
    );
  return element(
    'dl',
    { class: 'totals' },
    row('subtotal', 'Subtotal', money(order.subtotal)),
    !isZeroAmount(order.discountTotal) && row('discount', 'Discount', `−${money(order.discountTotal)}`),
    row('surcharge', `Service charge (${formatPercent(order.surchargePercent)})`, money(order.surcharge)),
    row('tax', `Tax (${formatPercent(order.taxRatePercent)})`, money(order.tax)),
    row('total', 'Total', money(order.total)),
  );
}

/** Everything below the banner, rebuilt from each committed state the API sends. */
export function renderDetails(order: CustomerOrderView): Node[] {
  return [
    progress(order.status),
    element(
      'section',
      { class: 'card', 'aria-labelledby': 'items-title' },
      element('h2', { id: 'items-title' }, `Items (${order.itemCount})`),
      itemsTable(order),
    ),
    element(
      'section',
      { class: 'card', 'aria-labelledby': 'totals-title' },
      element('h2', { id: 'totals-title' }, 'Totals'),
      totals(order),
    ),
  ];
}
