import type { EntityManager, Transaction } from '@mikro-orm/core';
import type { OrderChange } from '../orders/index.ts';
import type { CommittedChanges } from './committed-changes.ts';

/** One order a transaction changed, as the outbox keeps it: enough to name the change, not its state. */
export interface OutboxOrder extends OrderChange {
  id: string;
}

/** One outbox row: what one committed transaction changed (or one chunk of it). */
export interface OutboxEntry {
  id: string;
  orders: OutboxOrder[];
  settingsChanged: boolean;
}

/**
 * Orders per row: a re-pricing of many thousand orders writes several modest rows instead of one huge one,
 * and the relay publishes them a chunk at a time.
 */
export const ORDERS_PER_ROW = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Ids come back from our own bigserial column; anything else must never reach a statement. */
function idList(ids: readonly string[]): string {
  for (const id of ids) if (!/^\d{1,19}$/.test(id)) throw new Error(`not an outbox id: ${id}`);
  return `{${ids.join(',')}}`;
}

/**
 * Writes the changes into `outbox_event` inside `transaction` (one statement), returning the row ids.
 * The settings change rides on the first row.
 */
export async function recordInOutbox(
  em: EntityManager,
  transaction: Transaction,
  changes: { orderChanges: ReadonlyMap<string, OrderChange>; settingsChanged: boolean },
): Promise<string[]> {
  const orders = [...changes.orderChanges].map(([id, change]) => ({
    id,
    created: change.created,
    previousStatus: change.previousStatus,
  }));
  const rows = orders.length ? chunks(orders, ORDERS_PER_ROW) : [[]];
  const values = rows.map(() => '(?::jsonb, ?)').join(', ');
  const params = rows.flatMap((row, index) => [JSON.stringify(row), index === 0 && changes.settingsChanged]);
  const inserted = (await em
    .getConnection()
    .execute(
      `insert into outbox_event (orders, settings_changed) values ${values} returning id`,
      params,
      'all',
      transaction,
    )) as { id: string | number }[];
  return inserted.map((row) => String(row.id));
}

/**
 * Locks and returns up to `limit` rows older than `olderThanMs`, oldest first, skipping rows another process
 * holds (`FOR UPDATE SKIP LOCKED`), so relays in several processes share the backlog instead of repeating it.
 * Must run inside a transaction: the locks last until it ends.
 */
export async function claimDue(
  em: EntityManager,
  olderThanMs: number,
  limit: number,
): Promise<OutboxEntry[]> {
  const rows = (await em.getConnection().execute(
    `select id, orders, settings_changed from outbox_event
      where created_at < now() - make_interval(secs => ?)
      order by id limit ? for update skip locked`,
    [olderThanMs / 1000, limit],
    'all',
    em.getTransactionContext(),
  )) as { id: string | number; orders: OutboxOrder[] | string; settings_changed: boolean }[];
  return rows.map((row) => ({
    id: String(row.id),
    orders: typeof row.orders === 'string' ? (JSON.parse(row.orders) as OutboxOrder[]) : row.orders,
    settingsChanged: row.settings_changed,
  }));
}

/** Removes published rows (one statement for the whole batch). */
export async function deletePublished(em: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await em
    .getConnection()
    .execute(
      'delete from outbox_event where id = any(?::bigint[])',
      [idList(ids)],
      'run',
      em.getTransactionContext(),
    );
}

/** Seconds since the oldest unpublished row was written; 0 when the outbox is empty. */
export async function oldestUnpublishedAge(em: EntityManager): Promise<number> {
  const [row] = (await em
    .getConnection()
    .execute(
      `select extract(epoch from now() - created_at) as age from outbox_event order by id limit 1`,
      [],
      'all',
      em.getTransactionContext(),
    )) as { age: string | number | null }[];
  return row?.age == null ? 0 : Math.max(0, Number(row.age));
}

/**
 * The changes a batch of rows names, as the publisher takes them. Several rows of one order become one
 * message carrying its newest state: created if any row created it, moved from the oldest status recorded.
 */
export function toCommittedChanges(entries: readonly OutboxEntry[]): CommittedChanges {
  const orderChanges = new Map<string, OrderChange>();
  for (const entry of entries) {
    for (const order of entry.orders) {
      const known = orderChanges.get(order.id);
      orderChanges.set(order.id, {
        created: (known?.created ?? false) || order.created,
        previousStatus: known ? known.previousStatus : order.previousStatus,
      });
    }
  }
  return {
    orderIds: new Set(orderChanges.keys()),
    orderChanges,
    orderViews: new Map(),
    settingsChanged: entries.some((entry) => entry.settingsChanged),
    outboxIds: entries.map((entry) => entry.id),
  };
}
