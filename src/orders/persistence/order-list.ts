import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { asPickupCode } from '../domain/pickup-code.ts';
import { Order } from './order.entity.ts';
import { toOrderView } from './to-order-view.ts';

export interface OrderFilter {
  statuses?: readonly OrderStatus[] | null;
  createdAfter?: Date | null;
  /** An order or invoice number, a pickup code, or text found in an item name or the creator. */
  search?: string | null;
}

/** A window of the list, newest first, keyed on the order number (see `graphql/connections.ts`). */
export interface OrderWindow {
  /** Orders older than this number. */
  afterNumber?: number;
  /** Orders newer than this number. */
  beforeNumber?: number;
  limit: number;
  /** Oldest first (paging backwards). */
  inverted: boolean;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** A search that could be a pickup code (the customer reads it out at the counter) also finds that order. */
function pickupCodeMatch(search: string): FilterQuery<Order>[] {
  const code = asPickupCode(search);
  return code ? [{ pickupCode: code }] : [];
}

function textMatch(search: string): FilterQuery<Order>[] {
  return [
    { items: { name: { $ilike: likePattern(search) } } },
    { createdBy: { $ilike: likePattern(search) } },
  ];
}

function whereOf(filter: OrderFilter, window: OrderWindow): FilterQuery<Order> {
  const and: FilterQuery<Order>[] = [];
  if (filter.statuses?.length) and.push({ status: { $in: [...filter.statuses] } });
  if (filter.createdAfter) and.push({ createdAt: { $gt: filter.createdAfter } });
  const search = filter.search?.trim();
  if (search) {
    and.push(
      /^\d{1,9}$/.test(search)
        ? { $or: [{ number: Number(search) }, { invoiceNumber: Number(search) }] }
        : { $or: [...pickupCodeMatch(search), ...textMatch(search)] },
    );
  }
  if (window.afterNumber !== undefined) and.push({ number: { $lt: window.afterNumber } });
  if (window.beforeNumber !== undefined) and.push({ number: { $gt: window.beforeNumber } });
  return and.length ? { $and: and } : {};
}

/** One window of orders, keyed on the order number so pages never overlap or skip. */
export async function listOrders(
  em: EntityManager,
  filter: OrderFilter,
  window: OrderWindow,
): Promise<OrderView[]> {
  const rows = await em.find(Order, whereOf(filter, window), {
    fields: ['id', 'number'],
    orderBy: { number: window.inverted ? 'asc' : 'desc' },
    limit: window.limit,
  });
  const views = new Map(
    (
      await loadOrderViews(
        em,
        rows.map((row) => row.id),
      )
    ).map((view) => [view.id, view]),
  );
  return rows.flatMap((row) => views.get(row.id) ?? []);
}

/** Committed order state as OrderViews: one code path for queries, snapshots and published events. */
export async function loadOrderViews(em: EntityManager, ids: readonly string[]): Promise<OrderView[]> {
  if (ids.length === 0) return [];
  const orders = await em.find(
    Order,
    { id: { $in: [...ids] } },
    { populate: ['items', 'items.product', 'payments', 'statusHistory'] },
  );
  return orders.map(toOrderView);
}
