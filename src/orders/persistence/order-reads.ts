import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { Order } from './order.entity.ts';
import { listOrders, loadOrderViews, type OrderFilter, type OrderWindow } from './order-list.ts';
import { readOrderViews } from './read-order-views.ts';

export class OrderReads {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * The order's view on one snapshot, read as plain rows (no entities: nothing to hydrate or track, which
   * matters when every client of a restarted fleet re-subscribes at once and each reads its snapshot).
   */
  async byId(id: string): Promise<OrderView | null> {
    const [view] = await this.#db.read((em) => readOrderViews(em, [id]));
    return view ?? null;
  }

  /** One primary-key lookup in one statement, for checks that need no state (e.g. before subscribing). */
  async exists(id: string): Promise<boolean> {
    return this.#db.readStatement(async (em) => {
      const { rows } = await sql<{ found: boolean }>`
        select exists (select 1 from customer_order where id = ${id}::uuid) as found`.execute(
        (em as SqlEntityManager).getKysely(),
      );
      return rows[0]?.found === true;
    });
  }

  /** Views of the orders among `ids` that exist, in no particular order (plain rows, as {@link byId}). */
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
