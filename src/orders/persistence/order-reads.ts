import type { Database } from '../../db/database.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { Order } from './order.entity.ts';
import { listOrders, loadOrderViews, type OrderFilter, type OrderWindow } from './order-list.ts';

export class OrderReads {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async byId(id: string): Promise<OrderView | null> {
    const [view] = await this.#db.read((em) => loadOrderViews(em, [id]));
    return view ?? null;
  }

  /** One primary-key lookup, for checks that need no state (e.g. before subscribing). */
  async exists(id: string): Promise<boolean> {
    return (await this.#db.read((em) => em.count(Order, { id }))) > 0;
  }

  byIds(ids: readonly string[]): Promise<OrderView[]> {
    return this.#db.read((em) => loadOrderViews(em, ids));
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
