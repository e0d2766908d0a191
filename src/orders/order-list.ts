import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { InputError } from '../errors.ts';
import { Order } from './order.entity.ts';
import { loadOrderViews } from './order-reads.ts';
import type { OrderStatus } from './order-status.ts';
import type { OrderView } from './order-view.ts';

export interface OrderFilter {
  statuses?: readonly OrderStatus[] | null;
  createdAfter?: Date | null;
  /** An order or invoice number, or text found in an item name or the creator. */
  search?: string | null;
}

export interface OrderPage {
  nodes: OrderView[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Cursors are opaque to clients; inside they are the last order number shown (newest first). */
export function encodeOrderCursor(number: number): string {
  return Buffer.from(`order:${number}`).toString('base64url');
}

export function decodeOrderCursor(cursor: string): number {
  const match = /^order:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new InputError('after', 'after must be an endCursor returned by orders');
  return Number(match[1]);
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function whereOf(filter: OrderFilter, beforeNumber: number | undefined): FilterQuery<Order> {
  const and: FilterQuery<Order>[] = [];
  if (filter.statuses?.length) and.push({ status: { $in: [...filter.statuses] } });
  if (filter.createdAfter) and.push({ createdAt: { $gt: filter.createdAfter } });
  const search = filter.search?.trim();
  if (search) {
    and.push(
      /^\d{1,9}$/.test(search)
        ? { $or: [{ number: Number(search) }, { invoiceNumber: Number(search) }] }
        : {
            $or: [
              { items: { name: { $ilike: likePattern(search) } } },
              { createdBy: { $ilike: likePattern(search) } },
            ],
          },
    );
  }
  if (beforeNumber !== undefined) and.push({ number: { $lt: beforeNumber } });
  return and.length ? { $and: and } : {};
}

/** One page of orders, newest first, keyed on the order number so pages never overlap or skip. */
export async function listOrders(
  em: EntityManager,
  filter: OrderFilter,
  first: number,
  after: string | null | undefined,
): Promise<OrderPage> {
  const beforeNumber = after ? decodeOrderCursor(after) : undefined;
  const rows = await em.find(Order, whereOf(filter, beforeNumber), {
    fields: ['id', 'number'],
    orderBy: { number: 'desc' },
    limit: first + 1,
  });
  const page = rows.slice(0, first);
  const views = new Map(
    (
      await loadOrderViews(
        em,
        page.map((row) => row.id),
      )
    ).map((view) => [view.id, view]),
  );
  const nodes = page.flatMap((row) => views.get(row.id) ?? []);
  const last = nodes.at(-1);
  return { nodes, endCursor: last ? encodeOrderCursor(last.number) : null, hasNextPage: rows.length > first };
}
