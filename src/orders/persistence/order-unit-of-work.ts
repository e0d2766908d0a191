import { randomInt } from 'node:crypto';
import { type EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Product } from '../../catalog/product.entity.ts';
import type { Database } from '../../db/database.ts';
import { Discount } from '../../discounts/discount.entity.ts';
import { NotFoundError, OrderStateError } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { type PricingTerms, readPricingTerms } from '../../settings/pricing-terms.ts';
import { IN_PROGRESS_STATUSES, type OrderStatus } from '../domain/order-status.ts';
import type { OrderView } from '../domain/order-view.ts';
import { newPickupCode, PICKUP_CODE_DRAW_LENGTHS } from '../domain/pickup-code.ts';
import { recordRepricing } from '../repricing/audit-rows.ts';
import { newestChangeBehind, type StaleTerms, staleTermsOf } from '../repricing/stale-terms.ts';
import { Order, PICKUP_CODE_INDEX } from './order.entity.ts';
import { applyCurrentPricing } from './order-pricing.ts';
import { toOrderView } from './to-order-view.ts';

/** What one order write locks and may start from. */
export interface OrderWriteSpec {
  /** The order, or how to find it (e.g. from one of its lines) before any lock is taken. */
  orderId: string | ((em: EntityManager) => Promise<string>);
  /** Statuses the write may start from; null when the transition table decides. */
  from: readonly OrderStatus[] | null;
  /** Names the write in an OrderStateError: "cannot <action> an order in status PAID". */
  action: string;
  /** A product about to be added: share-locked (so its price and availability hold until commit). */
  addingProductId?: string;
  /** Exclusive locks on the order's products (their stock is checked or moved). */
  lockProducts?: boolean;
  /** Exclusive lock on a discount code about to be applied, or on the order's current discount. */
  lockDiscount?: { code: string } | 'current';
}

/** What a write's change function works with, all loaded and locked inside the unit of work's transaction. */
export interface OrderWrite {
  readonly em: EntityManager;
  readonly order: Order;
  readonly terms: PricingTerms;
  /** The product named by `addingProductId`. */
  readonly addingProduct: Product | undefined;
  /** The discount locked by `lockDiscount` (null when the order has none). */
  readonly discount: Discount | null;
  /** Prices the order now (the unit of work prices again after the change): for checks on the total. */
  reprice(): void;
  /** The request turned out to change nothing (an idempotent replay): no version bump, nothing published. */
  leaveUnchanged(): void;
}

export interface OrderWriteResult<R> {
  /** The committed state: the same value the after-commit publisher sends to subscribers. */
  view: OrderView;
  result: R;
}

/**
 * Finds the view of an order captured by the flush hook in the current transaction (so the mutation's answer
 * and the published event are one object), or undefined when none was captured.
 */
export type CapturedView = (em: EntityManager, orderId: string) => OrderView | undefined;

function isPickupCodeTaken(error: unknown): boolean {
  return (
    error instanceof UniqueConstraintViolationException &&
    ((error as { constraint?: unknown }).constraint === PICKUP_CODE_INDEX ||
      error.message.includes(PICKUP_CODE_INDEX))
  );
}

/**
 * The one door for writing an order. Every order write (cart, discount, lifecycle, payment) runs here, in one
 * transaction (retried whole on a deadlock or serialisation failure):
 *
 * 1. locks in the house order — settings (share) → products (share for an add, exclusive for stock) →
 *    discount → order row (exclusive) — so no two writers wait on each other in a cycle;
 * 2. loads the order with exactly what the write and the published view need (lines with their products in
 *    one statement; payments and status history only when the order can have any);
 * 3. checks the status, re-prices an in-progress order with the one pricing function (auditing it when the
 *    terms changed since its last write, as a re-pricing batch would), applies the change, prices again;
 * 4. bumps the version (`updatedAt` moves, the version column follows) and flushes — the flush hook records
 *    the order for publishing after commit and captures its view;
 * 5. returns that one view for the mutation's answer.
 *
 * See docs/architecture.md, "The write path".
 */
export class OrderUnitOfWork {
  readonly #db: Database;
  readonly #captured: CapturedView;
  readonly #drawPickupCode: (length: number) => string;

  /**
   * @param drawPickupCode a fresh pickup code of `length` characters per call; random by default (tests pass a
   *   fixed sequence to make a collision happen).
   */
  constructor(
    db: Database,
    captured: CapturedView = () => undefined,
    drawPickupCode: (length: number) => string = (length) => newPickupCode(randomInt, length),
  ) {
    this.#db = db;
    this.#captured = captured;
    this.#drawPickupCode = drawPickupCode;
  }

  /**
   * Starts a DRAFT order priced with the current terms, with a pickup code no other open order holds: a code
   * already taken (the partial unique index says so at INSERT) is drawn again, in a fresh transaction, and
   * longer after a few collisions (`PICKUP_CODE_DRAW_LENGTHS`), so that open orders holding every short code do
   * not stop new ones.
   */
  async create(actor: string): Promise<OrderView> {
    let collision: unknown;
    for (const length of PICKUP_CODE_DRAW_LENGTHS) {
      try {
        return await this.#createWithCode(actor, this.#drawPickupCode(length));
      } catch (error) {
        if (!isPickupCodeTaken(error)) throw error;
        collision = error;
      }
    }
    throw collision;
  }

  #createWithCode(actor: string, pickupCode: string): Promise<OrderView> {
    return this.#db.transaction(async (em) => {
      const terms = await readPricingTerms(em);
      const order = em.create(Order, {
        pickupCode,
        status: 'DRAFT',
        currency: terms.currency,
        pricingVersion: terms.pricingVersion,
        taxRatePercent: terms.taxRatePercent,
        surchargePercent: terms.surchargePercent,
        subtotal: '0.000',
        discountTotal: '0.000',
        surcharge: '0.000',
        tax: '0.000',
        total: '0.000',
        amountPaid: '0.000',
        createdBy: actor,
      } as never);
      // A new order has no lines, payments or history: its collections are complete as they are.
      markEmpty(order);
      await em.flush();
      return this.#viewOf(em, order);
    });
  }

  /** Runs `change` on the locked, loaded order; see the class comment for the steps around it. */
  async write<R>(
    spec: OrderWriteSpec,
    change: (write: OrderWrite) => R | Promise<R>,
  ): Promise<OrderWriteResult<R>> {
    return this.#db.transaction(async (em) => {
      const terms = await readPricingTerms(em);
      const orderId = typeof spec.orderId === 'string' ? spec.orderId : await spec.orderId(em);
      const addingProduct = spec.addingProductId
        ? await lockAddedProduct(em, spec.addingProductId)
        : undefined;
      const discount =
        spec.lockDiscount && spec.lockDiscount !== 'current'
          ? await lockDiscountByCode(em, spec.lockDiscount.code)
          : null;
      if (!isUuid(orderId)) throw new NotFoundError('Order', orderId);
      if (spec.lockProducts) await lockProductsOf(em, orderId);
      const current = spec.lockDiscount === 'current' ? await lockDiscountOf(em, orderId) : null;
      const order = await loadLockedOrder(em, orderId);
      if (spec.from && !spec.from.includes(order.status)) {
        throw new OrderStateError(order.status, spec.action, [...spec.from]);
      }
      const inProgress = IN_PROGRESS_STATUSES.includes(order.status);
      let unchanged = false;
      let repriced = false;
      const reprice = () => {
        repriced = applyCurrentPricing(order, terms) || repriced;
      };
      const stale = inProgress ? staleTermsOf(order, terms) : undefined;
      const storedBefore = stale && repricingSnapshot(order);
      if (inProgress) reprice();
      // Re-priced by terms that changed since it was last written: audited as the batches would have.
      const byNewTerms =
        stale && storedBefore && repriced
          ? { stale, before: storedBefore, after: repricingSnapshot(order) }
          : undefined;
      const result = await change({
        em,
        order,
        terms,
        addingProduct,
        discount: discount ?? current,
        reprice,
        leaveUnchanged: () => {
          unchanged = true;
        },
      });
      if (unchanged && !repriced) return { view: toOrderView(order), result };
      if (IN_PROGRESS_STATUSES.includes(order.status)) reprice();
      // Every write is a change of the order, even when its totals stay the same (e.g. notes on a line).
      order.updatedAt = new Date();
      await em.flush();
      if (byNewTerms) await auditRepricing(em, order.id, byNewTerms);
      return { view: this.#viewOf(em, order), result };
    });
  }

  #viewOf(em: EntityManager, order: Order): OrderView {
    return this.#captured(em, order.id) ?? toOrderView(order);
  }
}

/** What an order's audit row records of its prices: as last stored, or as re-priced. */
interface RepricingSnapshot {
  currency: string;
  total: string;
  taxRatePercent: string;
  surchargePercent: string;
}

function repricingSnapshot(order: Order): RepricingSnapshot {
  return {
    currency: order.currency,
    total: order.total,
    taxRatePercent: order.taxRatePercent,
    surchargePercent: order.surchargePercent,
  };
}

/**
 * Writes the audit row of an order this write re-priced to new terms before changing it: totals as last
 * stored and as re-priced (before the write's own change), attributed to the newest change that made it
 * stale. After the flush, last before COMMIT (see `recordRepricing`).
 */
async function auditRepricing(
  em: EntityManager,
  orderId: string,
  repricing: { stale: StaleTerms; before: RepricingSnapshot; after: RepricingSnapshot },
): Promise<void> {
  const changeId = await newestChangeBehind(em, repricing.stale);
  if (changeId === undefined) return;
  await recordRepricing(
    em,
    {
      changeId,
      newTaxRatePercent: repricing.after.taxRatePercent,
      newSurchargePercent: repricing.after.surchargePercent,
    },
    {
      id: orderId,
      currency: repricing.after.currency,
      oldTotal: repricing.before.total,
      newTotal: repricing.after.total,
      oldTaxRatePercent: repricing.before.taxRatePercent,
      oldSurchargePercent: repricing.before.surchargePercent,
    },
  );
}

async function lockAddedProduct(em: EntityManager, productId: string): Promise<Product> {
  if (!isUuid(productId)) throw new NotFoundError('Product', productId);
  const product = await em.findOne(Product, productId, { lockMode: LockMode.PESSIMISTIC_READ });
  if (!product) throw new NotFoundError('Product', productId);
  return product;
}

/**
 * Which products to lock is peeked first without locks: an order's lines only change in DRAFT under the
 * order lock, and a lost race there ends in a detected deadlock, which the transaction retries.
 */
async function lockProductsOf(em: EntityManager, orderId: string): Promise<void> {
  const lines = await peek<{ product_id: string }>(
    em,
    'select distinct product_id from order_item where order_id = ? order by product_id',
    [orderId],
  );
  if (lines.length === 0) return;
  await em.find(
    Product,
    { id: { $in: lines.map((line) => line.product_id) } },
    { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
}

/**
 * A plain read that leaves the identity map alone: peeks before the order lock must not put half-loaded
 * entities there, or the locked read of the order would merge into them.
 */
export function peek<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

async function lockDiscountByCode(em: EntityManager, code: string): Promise<Discount> {
  const discount = await em.findOne(
    Discount,
    { code },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!discount) throw new NotFoundError('Discount', code);
  return discount;
}

/** The order's current discount, peeked without a lock (it only changes under the order lock, in DRAFT). */
async function lockDiscountOf(em: EntityManager, orderId: string): Promise<Discount | null> {
  const [row] = await peek<{ discount_id: string | null }>(
    em,
    'select discount_id from customer_order where id = ?',
    [orderId],
  );
  if (!row?.discount_id) return null;
  return em.findOne(Discount, row.discount_id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

/**
 * Locks the order row, then reads it with its lines and their products in one joined statement. Two
 * statements on purpose: in READ COMMITTED a statement that waited for the row lock re-checks only the locked
 * row, so lines joined in that same statement could be the ones from before the previous writer committed
 * (a lost update); the read after the lock sees them committed. A DRAFT order has neither payments nor status
 * history (both start when it leaves DRAFT), so only later statuses read them.
 */
async function loadLockedOrder(em: EntityManager, orderId: string): Promise<Order> {
  const locked = await peek<{ id: string }>(em, 'select id from customer_order where id = ? for update', [
    orderId,
  ]);
  if (locked.length === 0) throw new NotFoundError('Order', orderId);
  const [order] = await em.find(
    Order,
    { id: orderId },
    { populate: ['items', 'items.product'], strategy: 'joined' },
  );
  if (!order) throw new NotFoundError('Order', orderId);
  if (order.status === 'DRAFT') {
    order.payments.hydrate([]);
    order.statusHistory.hydrate([]);
  } else {
    await em.populate(order, ['payments', 'statusHistory']);
  }
  return order;
}

function markEmpty(order: Order): void {
  order.items.hydrate([]);
  order.payments.hydrate([]);
  order.statusHistory.hydrate([]);
}
