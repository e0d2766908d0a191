import type { Database } from '../../db/database.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { Order } from './order.entity.ts';
import { listOrders, loadOrderViews, type OrderFilter, type OrderWindow } from './order-list.ts';
import { readOrderView, readOrderViews } from './read-order-views.ts';

export class OrderReads {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * The order's view, read in one statement as plain rows (no entities to hydrate or track, no transaction):
   * every client of a restarted fleet re-subscribes at once, and each subscription reads this snapshot.
   */
  byId(id: string): Promise<OrderView | null> {
    return this.#db.readStatement((em) => readOrderView(em, id));
  }

  /** Views of the orders among `ids` that exist, in no particular order (plain rows, on one snapshot). */
  byIds(ids: readonly string[]): Promise<OrderView[]> {
    return this.#db.read((em) => readOrderViews(em, ids));
  }

  /** The most recently changed orders, optionally only those in `statuses`. */
  recentlyUpdated(statuses: readonly OrderStatus[] | null, limit: number): Promise<OrderView[]> {
    return this.#db.read(async (em) => {
      const recent = await em.find(Order, statuses ? { status: { $in: [...statuses] } } : {}, {
        orderBy: { updatedAt: 'desc' },
        limit,
        fields: ['id'],
      });
      return loadOrderViews(
        em,
        recent.map((order) => order.id),
      );
    });
  }

  page(filter: OrderFilter, window: OrderWindow): Promise<OrderView[]> {
    return this.#db.read((em) => listOrders(em, filter, window));
  }
}
