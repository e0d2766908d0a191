import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { minorUnitsOf } from '../../money/currency.ts';
import { Decimal, toMoneyString, toStored } from '../../money/decimal.ts';
import { PriceChange } from '../../price-changes/price-change.entity.ts';
import type { PricingChanges, TermChange } from '../../price-changes/pricing-changes.ts';
import { readPricingTerms } from '../../settings/pricing-terms.ts';
import { SETTINGS_ID, Settings } from '../../settings/settings.entity.ts';
import { IN_PROGRESS_STATUSES } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { Order } from '../persistence/order.entity.ts';
import { type BatchResult, repriceBatch, type StaleOrders } from './repricing-batch.ts';

/** Where set-based writes register the orders they touched: the after-commit publisher's buffer. */
export interface OrdersWritten {
  /** `views`: the state the transaction wrote for some of `orderIds`, published as is (the rest are read). */
  ordersWritten(em: EntityManager, orderIds: Iterable<string>, views?: Iterable<OrderView>): void;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const TERM_NAMES: Record<string, string> = {
  taxRatePercent: 'tax',
  surchargePercent: 'surcharge',
  currency: 'currency',
};

function termText(term: TermChange): string {
  const name = TERM_NAMES[term.field] ?? term.field;
  if (term.field === 'currency') return `${name} ${term.previous} → ${term.next}`;
  const rate = (value: string) => `${new Decimal(value).toString()} %`;
  return `${name} ${rate(term.previous)} → ${rate(term.next)}`;
}

/**
 * Re-pricing after a settings or product price change, without freezing the tills. The change itself
 * commits in its own short transaction (which bumps the settings' `pricingVersion` or the product's price);
 * from then on every writer prices with the new terms, and every order leaving DRAFT/VALIDATED is checked to
 * carry them. The orders the change made stale are then re-priced in short set-based batches, each its own
 * transaction that row-locks at most `batchSize` orders, so a till's edit waits for one batch at most.
 * Each batch registers the orders it changed with the after-commit publisher and writes their audit rows.
 *
 * A batch finding that a newer change superseded this one stops: the newer change re-prices everything
 * still stale, with the newest terms. A crash mid-way leaves stale orders that are still safe (the check
 * at every state change re-prices them first) and `repriceStale` finishes the work at the next start.
 */
export class OrderRepricer implements PricingChanges {
  readonly #db: Database;
  readonly #written: OrdersWritten;
  readonly #batchSize: number;
  readonly #workers: number;
  readonly #logger: Logger | undefined;
  readonly #watched: (() => Promise<string[]>) | undefined;
  #stopping = false;

  /**
   * `batchSize` orders per batch (500); `workers` batches at a time in the skipping passes (2); `watched`:
   * the ids of the orders someone is watching live, re-priced before the others (none when absent).
   */
  constructor(
    db: Database,
    written: OrdersWritten,
    options: {
      batchSize?: number;
      workers?: number;
      logger?: Logger;
      watched?: () => Promise<string[]>;
    } = {},
  ) {
    this.#db = db;
    this.#written = written;
    this.#batchSize = options.batchSize ?? 500;
    this.#workers = options.workers ?? 2;
    this.#logger = options.logger;
    this.#watched = options.watched;
  }

  recordSettingsChange(
    em: EntityManager,
    change: { actor: string; terms: readonly TermChange[]; pricingVersion: number },
  ): PriceChange {
    return em.create(PriceChange, {
      kind: 'SETTINGS',
      actor: change.actor,
      summary: change.terms.map(termText).join(', '),
      settingsPricingVersion: change.pricingVersion,
      ordersRepriced: 0,
    });
  }

  recordProductPriceChange(
    em: EntityManager,
    change: {
      actor: string;
      product: { id: string; name: string };
      oldPrice: string;
      newPrice: string;
      currency: string;
    },
  ): PriceChange {
    const units = minorUnitsOf(change.currency);
    return em.create(PriceChange, {
      kind: 'PRODUCT_PRICE',
      actor: change.actor,
      summary: `${change.product.name} ${toMoneyString(change.oldPrice, units)} → ${toMoneyString(change.newPrice, units)}`,
      product: change.product.id,
      newPrice: toStored(change.newPrice),
      ordersRepriced: 0,
    });
  }

  async repriceAfter(change: PriceChange): Promise<number> {
    const stale: StaleOrders | undefined =
      change.kind === 'SETTINGS' && change.settingsPricingVersion != null
        ? { kind: 'SETTINGS', pricingVersion: change.settingsPricingVersion }
        : change.kind === 'PRODUCT_PRICE' && change.product
          ? { kind: 'PRODUCT_PRICE', productId: change.product.id }
          : undefined;
    if (!stale) return 0;
    // The orders someone is watching go first: their subscribers see the change within a few batches
    // instead of after every order with a lower id. Those done are no longer stale, so the id-order pass
    // leaves them; those it passed over (a till holds them) it meets again.
    const watched = await this.#watchedPass(change, stale);
    if (watched.superseded) return watched.repriced;
    // First id-order pass: passes over orders a till holds (its own write re-prices them); the second,
    // waiting for locks, re-prices whatever the first left stale (a till's transaction that rolled back).
    const first = await this.#pass(change, stale, true);
    if (first.superseded) return watched.repriced + first.repriced;
    return watched.repriced + first.repriced + (await this.#pass(change, stale, false)).repriced;
  }

  /**
   * Re-prices the watched orders still stale, `batchSize` of them per batch in id order, `workers` batches
   * at a time, passing over those a till holds. Listing them is an optimisation: when the bus cannot answer
   * (Redis away) the id-order passes simply do all the work.
   */
  async #watchedPass(
    change: PriceChange,
    stale: StaleOrders,
  ): Promise<{ repriced: number; superseded: boolean }> {
    let ids: string[];
    try {
      ids = (await this.#watched?.()) ?? [];
    } catch (error) {
      this.#logger?.warn(
        { err: (error as Error).message },
        'could not list the watched orders: re-pricing in id order only',
      );
      return { repriced: 0, superseded: false };
    }
    // UUIDs order as their lowercase text does: each batch locks its orders in the house's id order.
    ids.sort();
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += this.#batchSize)
      chunks.push(ids.slice(start, start + this.#batchSize));
    let next = 0;
    return this.#runBatches(change, stale, this.#workers, () => {
      const chunk = chunks[next++];
      return chunk ? { keys: { ids: chunk }, skipLocked: true } : undefined;
    });
  }

  /**
   * One pass over the stale orders in id order, batch after batch; stops early when superseded. A pass that
   * skips locked rows runs `workers` batches at a time from a shared cursor (each skips the rows the others
   * hold), so one batch's pricing and publishing overlap another's statements in the database.
   */
  async #pass(
    change: PriceChange,
    stale: StaleOrders,
    skipLocked: boolean,
  ): Promise<{ repriced: number; superseded: boolean }> {
    let cursor = NIL_UUID;
    let done = false;
    return this.#runBatches(
      change,
      stale,
      skipLocked ? this.#workers : 1,
      () => (done ? undefined : { keys: { afterId: cursor }, skipLocked }),
      (batch) => {
        if (!batch.lastId || batch.locked < this.#batchSize) done = true;
        // UUIDs order as their lowercase text does.
        else if (batch.lastId > cursor) cursor = batch.lastId;
      },
    );
  }

  /**
   * Runs batches, `workers` at a time, each its own short transaction, as long as `nextBatch` names one;
   * `onBatch` sees each result. Stops every worker once a batch finds the change superseded, on `stop()`,
   * or on the first failure (rethrown once all have stopped).
   */
  async #runBatches(
    change: PriceChange,
    stale: StaleOrders,
    workers: number,
    nextBatch: () =>
      | { keys: { afterId: string } | { ids: readonly string[] }; skipLocked: boolean }
      | undefined,
    onBatch: (batch: BatchResult) => void = () => {},
  ): Promise<{ repriced: number; superseded: boolean }> {
    const shared = { done: false, superseded: false, repriced: 0 };
    const work = async () => {
      try {
        while (!shared.done && !this.#stopping) {
          const next = nextBatch();
          if (!next) break;
          const batch = await this.#db.transaction(async (em) => {
            const terms = await readPricingTerms(em);
            if (await this.#superseded(em, change, terms.pricingVersion)) return undefined;
            const result = await repriceBatch(em, {
              stale,
              terms,
              changeId: change.id,
              size: this.#batchSize,
              skipLocked: next.skipLocked,
              ...next.keys,
            });
            this.#written.ordersWritten(em, result.repriced, result.views);
            return result;
          });
          if (!batch) {
            shared.superseded = true;
            break;
          }
          shared.repriced += batch.repriced.length;
          onBatch(batch);
        }
      } finally {
        shared.done = true;
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: workers }, () => work()));
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    return { repriced: shared.repriced, superseded: shared.superseded || this.#stopping };
  }

  /**
   * Finishes what an interrupted run left: for the current settings terms and for every product price,
   * re-prices the in-progress orders still priced otherwise, attributed to the change that set them.
   */
  async repriceStale(): Promise<number> {
    const changes = await this.#db.read(async (em) => {
      const settings = await em.findOneOrFail(Settings, SETTINGS_ID);
      const found: PriceChange[] = [];
      const staleSettings = await em.count(Order, {
        status: { $in: [...IN_PROGRESS_STATUSES] },
        pricingVersion: { $lt: settings.pricingVersion },
      });
      if (staleSettings > 0) {
        const latest = await em.findOne(
          PriceChange,
          { kind: 'SETTINGS', settingsPricingVersion: settings.pricingVersion },
          { orderBy: { id: 'desc' } },
        );
        if (latest) found.push(latest);
      }
      const { rows } = await sql<{ product_id: string }>`
        select distinct i.product_id from order_item i
          join product p on p.id = i.product_id
          join customer_order o on o.id = i.order_id
        where o.status in (${sql.join([...IN_PROGRESS_STATUSES])}) and i.unit_price <> p.price`.execute(
        (em as SqlEntityManager).getKysely(),
      );
      for (const { product_id } of rows) {
        const latest = await em.findOne(
          PriceChange,
          { kind: 'PRODUCT_PRICE', product: product_id },
          { orderBy: { id: 'desc' } },
        );
        if (latest) found.push(latest);
      }
      return found;
    });
    let repriced = 0;
    for (const change of changes) repriced += await this.repriceAfter(change);
    if (repriced > 0)
      this.#logger?.info({ repriced }, 're-priced orders left stale by an interrupted change');
    return repriced;
  }

  /** Ends every re-pricing loop after its current batch (shutdown); what is left is stale but safe. */
  stop(): void {
    this.#stopping = true;
  }

  /** A newer change of the same kind has committed: it re-prices what is still stale, with newer terms. */
  async #superseded(em: EntityManager, change: PriceChange, pricingVersion: number): Promise<boolean> {
    if (change.kind === 'SETTINGS') return change.settingsPricingVersion !== pricingVersion;
    if (!change.product || change.newPrice == null) return true;
    const { rows } = await sql<{ price: string }>`
      select price from product where id = ${change.product.id}`.execute(
      (em as SqlEntityManager).getKysely(),
    );
    return rows[0]?.price !== change.newPrice;
  }
}
