import type { OrderStatus } from '../gql/graphql.ts';

/** The kitchen's columns, in the order an order moves through them. */
export const BOARD_STATUSES = ['PAID', 'PREPARING', 'READY'] as const satisfies readonly OrderStatus[];
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export function isBoardStatus(status: OrderStatus): status is BoardStatus {
  return (BOARD_STATUSES as readonly OrderStatus[]).includes(status);
}

/** What the board needs of an order to place it. */
export interface BoardEntry {
  id: string;
  version: number;
  status: OrderStatus;
}

/** Ids of orders that left the board, remembered (with their version) so an older copy cannot bring them back. */
const MAX_REMEMBERED_DEPARTURES = 2_000;

/**
 * The board's state, fed by two sources that can overlap and arrive in any order: `liveOrders` events, and a
 * snapshot (`orders`) read after every (re)subscription. Each order's highest version wins, so a snapshot
 * read before an event committed cannot undo it, and an event replayed after a snapshot changes nothing. An
 * order missing from a snapshot left the board while nobody was listening — unless an event applied after
 * the snapshot read began says otherwise. Pure: no DOM, no network.
 */
export class KitchenBoard<T extends BoardEntry> {
  readonly #onBoard = new Map<string, T>();
  /** Highest version seen per order id, on the board or not. */
  readonly #versions = new Map<string, number>();
  /** When (in applied-event sequence) each order last changed through an event. */
  readonly #changedAt = new Map<string, number>();
  #sequence = 0;
  readonly #order: (a: T, b: T) => number;

  /** `order` sorts a column (the kitchen works oldest first). */
  constructor(order: (a: T, b: T) => number) {
    this.#order = order;
  }

  /** One committed change from the subscription. Returns whether the board changed. */
  applyEvent(order: T): boolean {
    if (!this.#accept(order)) return false;
    this.#changedAt.set(order.id, ++this.#sequence);
    return true;
  }

  /** Call before reading a snapshot; pass the result to `applySnapshot`. */
  snapshotMark(): number {
    return this.#sequence;
  }

  /** Brings the board to a snapshot of every order in the board's statuses, read after `mark` was taken. */
  applySnapshot(orders: readonly T[], mark: number): void {
    const present = new Set<string>();
    for (const order of orders) {
      present.add(order.id);
      this.#accept(order);
    }
    for (const id of [...this.#onBoard.keys()]) {
      if (!present.has(id) && (this.#changedAt.get(id) ?? 0) <= mark) this.#onBoard.delete(id);
    }
  }

  column(status: BoardStatus): T[] {
    return [...this.#onBoard.values()].filter((order) => order.status === status).sort(this.#order);
  }

  get(id: string): T | undefined {
    return this.#onBoard.get(id);
  }

  get size(): number {
    return this.#onBoard.size;
  }

  #accept(order: T): boolean {
    if ((this.#versions.get(order.id) ?? Number.NEGATIVE_INFINITY) >= order.version) return false;
    this.#versions.delete(order.id);
    this.#versions.set(order.id, order.version);
    if (isBoardStatus(order.status)) this.#onBoard.set(order.id, order);
    else this.#onBoard.delete(order.id);
    this.#forgetOldDepartures();
    return true;
  }

  #forgetOldDepartures(): void {
    if (this.#versions.size <= this.#onBoard.size + MAX_REMEMBERED_DEPARTURES) return;
    for (const id of this.#versions.keys()) {
      if (this.#versions.size <= this.#onBoard.size + MAX_REMEMBERED_DEPARTURES) break;
      if (this.#onBoard.has(id)) continue;
      this.#versions.delete(id);
      this.#changedAt.delete(id);
    }
  }
}
