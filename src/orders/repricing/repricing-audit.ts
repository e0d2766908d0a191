import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { Decimal } from '../../money/decimal.ts';
import { PriceChange } from '../../price-changes/price-change.entity.ts';
import {
  type RecordedRepricing,
  type RecordedTransition,
  recordedAmount,
  type TimelineEntryView,
  toTimeline,
} from '../domain/order-timeline.ts';

/** One order re-priced by one change, as staff read it: money at the currency's minor unit, rates trimmed. */
export interface RepricedOrderView {
  /** The audit row's id: its place in the change's list. */
  id: number;
  orderId: string;
  orderNumber: number;
  /** The order's currency after the re-pricing (ISO 4217). */
  currency: string;
  oldTotal: string;
  newTotal: string;
  oldTaxRatePercent: string;
  newTaxRatePercent: string;
  oldSurchargePercent: string;
  newSurchargePercent: string;
  at: Date;
}

/** A window of one change's re-priced orders in re-pricing order (audit row id), as `graphql/connections.ts` asks. */
export interface RepricedOrdersWindow {
  /** Rows after this audit row id. */
  afterId?: number;
  /** Rows before this audit row id. */
  beforeId?: number;
  limit: number;
  /** Newest first (paging backwards). */
  inverted: boolean;
}

/** A window of the price changes, newest first, keyed on their number. */
export interface PriceChangesWindow {
  /** Changes older than this number. */
  afterId?: number;
  /** Changes newer than this number. */
  beforeId?: number;
  limit: number;
  /** Oldest first (paging backwards). */
  inverted: boolean;
}

interface RepricingRow {
  id: string | number;
  order_id: string;
  order_number: number;
  currency: string;
  old_total: string;
  new_total: string;
  old_tax_rate_percent: string;
  new_tax_rate_percent: string;
  old_surcharge_percent: string;
  new_surcharge_percent: string;
  at: Date | string;
}

function rate(value: string): string {
  return new Decimal(value).toString();
}

function toRepricedOrderView(row: RepricingRow): RepricedOrderView {
  return {
    id: Number(row.id),
    orderId: row.order_id,
    orderNumber: row.order_number,
    currency: row.currency,
    oldTotal: recordedAmount(row.old_total, row.currency),
    newTotal: recordedAmount(row.new_total, row.currency),
    oldTaxRatePercent: rate(row.old_tax_rate_percent),
    newTaxRatePercent: rate(row.new_tax_rate_percent),
    oldSurchargePercent: rate(row.old_surcharge_percent),
    newSurchargePercent: rate(row.new_surcharge_percent),
    at: new Date(row.at),
  };
}

function kysely(em: EntityManager) {
  return (em as SqlEntityManager).getKysely();
}

/**
 * Reads of the re-pricing audit: which orders a settings or product price change re-priced (with totals and
 * rates before and after), and an order's timeline. The rows are written by the re-pricing batches and by a unit
 * of work that re-prices a stale order first (both through `insertRepricingAudit`); nothing here writes.
 */
export class RepricingAudit {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** The price change numbered `id` (`#42`), or null. */
  priceChange(id: number): Promise<PriceChange | null> {
    return this.#db.read((em) => em.findOne(PriceChange, id));
  }

  /** Price changes newest first (reversed when `inverted`), numbered between `beforeId` and `afterId`. */
  priceChanges(window: PriceChangesWindow): Promise<PriceChange[]> {
    const id: { $lt?: number; $gt?: number } = {};
    if (window.afterId !== undefined) id.$lt = window.afterId;
    if (window.beforeId !== undefined) id.$gt = window.beforeId;
    return this.#db.read((em) =>
      em.find(PriceChange, Object.keys(id).length > 0 ? { id } : {}, {
        orderBy: { id: window.inverted ? 'asc' : 'desc' },
        limit: window.limit,
      }),
    );
  }

  /** One window of the orders change `changeId` re-priced, in the order they were re-priced. */
  repricedOrders(changeId: number, window: RepricedOrdersWindow): Promise<RepricedOrderView[]> {
    return this.#db.read(async (em) => {
      const direction = window.inverted ? sql`desc` : sql`asc`;
      const { rows } = await sql<RepricingRow>`
        select r.id, r.order_id, o.number as order_number, r.currency, r.old_total, r.new_total,
          r.old_tax_rate_percent, r.new_tax_rate_percent, r.old_surcharge_percent, r.new_surcharge_percent, r.at
        from order_repricing r join customer_order o on o.id = r.order_id
        where r.change_id = ${changeId}
          and r.id > ${window.afterId ?? 0} and r.id < ${window.beforeId ?? Number.MAX_SAFE_INTEGER}
        order by r.id ${direction}
        limit ${window.limit}`.execute(kysely(em));
      return rows.map(toRepricedOrderView);
    });
  }

  /** The order's creation, status changes and re-pricings, oldest first; null when there is no such order. */
  timeline(orderId: string): Promise<TimelineEntryView[] | null> {
    return this.#db.read(async (em) => {
      const db = kysely(em);
      const order = await sql<{ created_at: Date | string; created_by: string }>`
        select created_at, created_by from customer_order where id = ${orderId}`.execute(db);
      const created = order.rows[0];
      if (!created) return null;
      const transitions = await sql<{
        id: string;
        from_status: RecordedTransition['fromStatus'];
        to_status: RecordedTransition['toStatus'];
        actor: string;
        reason: string | null;
        at: Date | string;
      }>`
        select id, from_status, to_status, actor, reason, at from order_status_change
        where order_id = ${orderId}`.execute(db);
      const repricings = await sql<{
        id: string | number;
        at: Date | string;
        currency: string;
        old_total: string;
        new_total: string;
        change_id: number;
        change_actor: string;
        change_summary: string;
      }>`
        select r.id, r.at, r.currency, r.old_total, r.new_total, c.id as change_id, c.actor as change_actor,
          c.summary as change_summary
        from order_repricing r join price_change c on c.id = r.change_id
        where r.order_id = ${orderId}`.execute(db);
      return toTimeline(
        { createdAt: new Date(created.created_at), createdBy: created.created_by },
        transitions.rows.map(
          (row): RecordedTransition => ({
            id: row.id,
            fromStatus: row.from_status,
            toStatus: row.to_status,
            actor: row.actor,
            reason: row.reason,
            at: new Date(row.at),
          }),
        ),
        repricings.rows.map(
          (row): RecordedRepricing => ({
            id: Number(row.id),
            at: new Date(row.at),
            currency: row.currency,
            oldTotal: row.old_total,
            newTotal: row.new_total,
            change: { id: row.change_id, actor: row.change_actor, summary: row.change_summary },
          }),
        ),
      );
    });
  }
}
