import type { Metrics } from '../../observability/metrics.ts';
import type { Channels } from '../../realtime/channels.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { PublicationPart } from '../../realtime/live-publisher.ts';
import { type OrderChange, toOrderEvent } from '../domain/order-event.ts';
import type { OrderView } from '../domain/order-view.ts';
import { orderBoardChannel, orderChannel } from './order-channels.ts';

const READ_BATCH = 500;

/** The orders a committed transaction changed, as the after-commit hook reports them. */
export interface OrderChanges {
  orderIds: ReadonlySet<string>;
  /** One entry per id in `orderIds`. */
  orderChanges: ReadonlyMap<string, OrderChange>;
  /**
   * The committed state of those orders whose state was fully in memory when last flushed, so the publisher
   * need not read it back; orders missing here are read from the database after the commit.
   */
  orderViews: ReadonlyMap<string, OrderView>;
}

/** Where the publisher reads the committed state of orders it did not capture. */
export interface OrderViewReads {
  orders(ids: readonly string[]): Promise<OrderView[]>;
}

/**
 * The orders' part of publishing a commit: each changed order's state on its own channel (cartUpdated) and
 * as an OrderEvent on the board channel (liveOrders). Views captured at flush time go out first, without a
 * database round trip; the others are read in batches.
 */
export function orderPublication(deps: {
  bus: EventBus;
  channels: Channels;
  metrics?: Metrics;
}): PublicationPart<OrderChanges, OrderViewReads> {
  const sendOrder = async (view: OrderView, changes: OrderChanges): Promise<void> => {
    await Promise.all([
      deps.bus.publish(orderChannel(deps.channels, view.id), view),
      deps.bus.publish(
        orderBoardChannel(deps.channels),
        toOrderEvent(view, changes.orderChanges.get(view.id)),
      ),
    ]);
    deps.metrics?.eventsPublished.inc({ kind: 'order' }, 2);
  };
  return async (changes, reads, send) => {
    for (const view of changes.orderViews.values()) send(sendOrder(view, changes));
    const ids = [...changes.orderIds].filter((id) => !changes.orderViews.has(id));
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const views = await reads.orders(ids.slice(start, start + READ_BATCH));
      for (const view of views) send(sendOrder(view, changes));
    }
  };
}
