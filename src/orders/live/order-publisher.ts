import type { Metrics } from '../../observability/metrics.ts';
import type { AfterCommitWork } from '../../realtime/after-commit-work.ts';
import { owned } from '../../realtime/after-commit-work.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import { toOrderEvent } from '../domain/order-event.ts';
import type { OrderView } from '../domain/order-view.ts';
import type { OrderReads } from '../persistence/order-reads.ts';
import type { OrderChanges } from './order-changes.ts';
import type { OrderChannels } from './order-channels.ts';

const READ_BATCH = 500;

/**
 * Turns committed order changes into channel messages: each order's state on its own channel (cartUpdated)
 * and as an OrderEvent on the board channel (liveOrders), each serialised once per commit for all
 * subscribers. Runs after the commit, detached from the mutation; a failed publish is logged and counted, and
 * subscribers converge anyway (version order plus re-read after Redis reconnects). Orders whose state the
 * flush hook captured in memory are published as captured; only the others are read.
 */
export class OrderPublisher {
  readonly #bus: EventBus;
  readonly #channels: OrderChannels;
  readonly #orders: OrderReads;
  readonly #work: AfterCommitWork;
  readonly #metrics: Metrics | undefined;

  constructor(deps: {
    bus: EventBus;
    channels: OrderChannels;
    orders: OrderReads;
    work: AfterCommitWork;
    metrics?: Metrics;
  }) {
    this.#bus = deps.bus;
    this.#channels = deps.channels;
    this.#orders = deps.orders;
    this.#work = deps.work;
    this.#metrics = deps.metrics;
  }

  /** Called once per committed transaction that changed orders; never blocks or fails it. */
  committed(changes: OrderChanges): void {
    this.#work.start('orders', () => this.#publish(changes));
  }

  async #publish(changes: OrderChanges): Promise<void> {
    // Views captured at flush time go out first, without a database round trip.
    const sent = [...changes.orderViews.values()].map((view) => owned(this.#sendOrder(view, changes)));
    const ids = [...changes.orderIds].filter((id) => !changes.orderViews.has(id));
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const views = await this.#orders.byIds(ids.slice(start, start + READ_BATCH));
      sent.push(...views.map((view) => owned(this.#sendOrder(view, changes))));
    }
    await Promise.all(sent);
  }

  async #sendOrder(view: OrderView, changes: OrderChanges): Promise<void> {
    await Promise.all([
      this.#bus.publish(this.#channels.order(view.id), view),
      this.#bus.publish(this.#channels.board(), toOrderEvent(view, changes.orderChanges.get(view.id))),
    ]);
    this.#metrics?.eventsPublished.inc({ kind: 'order' }, 2);
  }
}
