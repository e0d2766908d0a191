import { type EntityManager, LockMode } from '@mikro-orm/core';
import { Product } from '../catalog/product.entity.ts';
import type { Limits } from '../config.ts';
import type { Database } from '../db/database.ts';
import { InputError, NotFoundError, OrderStateError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { MAX_ORDER_UNITS } from '../money/bounds.ts';
import { readSettingsForPricing } from '../settings/settings.service.ts';
import { Order, OrderItem } from './order.entity.ts';
import { applyCurrentPricing } from './order-pricing.ts';
import { EDITABLE_STATUSES } from './order-status.ts';

export interface AddItemInput {
  orderId: string;
  productId: string;
  quantity: number;
  notes?: string | null;
}

/** Checks that may reject a request before any database work (bounds of DESIGN.md, "Bad input"). */
function validQuantity(field: string, quantity: number, limits: Limits, allowZero: boolean): number {
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(quantity) || quantity < min || quantity > limits.maxQuantity) {
    throw new InputError(field, `${field} must be an integer between ${min} and ${limits.maxQuantity}`);
  }
  return quantity;
}

/**
 * An order holds at most `MAX_ORDER_UNITS` units in all (money/bounds.ts): the bound that keeps its totals
 * storable under any later price or rate. Checked on the edited cart, before it is priced or written.
 */
function checkOrderUnits(order: Order): void {
  const units = order.items.getItems().reduce((sum, item) => sum + item.quantity, 0);
  if (units > MAX_ORDER_UNITS) {
    throw new InputError(
      'quantity',
      `an order holds at most ${MAX_ORDER_UNITS} units in all (this edit makes ${units})`,
    );
  }
}

function validNotes(notes: string | null | undefined, limits: Limits): string | null {
  if (notes == null) return null;
  const trimmed = notes.trim();
  const max = Math.min(500, limits.maxStringLength);
  if (trimmed.length > max) throw new InputError('notes', `notes must be at most ${max} characters`);
  return trimmed.length ? trimmed : null;
}

/**
 * Cart edits. Lock order, identical in every writer to rule out deadlocks: settings (share), then product
 * (share, for adds), then the order row (exclusive). Every edit re-prices the whole order with settings read
 * in the same transaction.
 */
export class CartService {
  readonly #db: Database;
  readonly #limits: Limits;

  constructor(db: Database, limits: Limits) {
    this.#db = db;
    this.#limits = limits;
  }

  createOrder(actor: string): Promise<Order> {
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      const order = em.create(Order, {
        status: 'DRAFT',
        currency: settings.currency,
        taxRatePercent: settings.taxRatePercent,
        surchargePercent: settings.surchargePercent,
        subtotal: '0.000',
        discountTotal: '0.000',
        surcharge: '0.000',
        tax: '0.000',
        total: '0.000',
        amountPaid: '0.000',
        createdBy: actor,
      } as never);
      await em.flush();
      return order;
    });
  }

  addItem(input: AddItemInput): Promise<Order> {
    const quantity = validQuantity('quantity', input.quantity, this.#limits, false);
    const notes = validNotes(input.notes, this.#limits);
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      if (!isUuid(input.productId)) throw new NotFoundError('Product', input.productId);
      const product = await em.findOne(Product, input.productId, { lockMode: LockMode.PESSIMISTIC_READ });
      if (!product) throw new NotFoundError('Product', input.productId);
      if (!product.available) throw new InputError('productId', `${product.name} is not available`);
      const order = await this.#lockEditableOrder(em, input.orderId, 'add items to');
      const items = order.items.getItems();
      const same = items.find((item) => item.product.id === product.id && (item.notes ?? null) === notes);
      if (same) {
        same.quantity = validQuantity('quantity', same.quantity + quantity, this.#limits, false);
      } else {
        if (items.length >= this.#limits.maxOrderLines) {
          throw new InputError('productId', `an order holds at most ${this.#limits.maxOrderLines} lines`);
        }
        order.items.add(
          em.create(OrderItem, {
            order,
            product,
            name: product.name,
            quantity,
            notes,
            unitPrice: product.price,
            lineTotal: '0.000',
          }),
        );
      }
      return this.#repriceAndSave(em, order, settings);
    });
  }

  setItemQuantity(
    input: { itemId: string; quantity: number },
    canAccess: (orderId: string) => void,
  ): Promise<Order> {
    const quantity = validQuantity('quantity', input.quantity, this.#limits, true);
    return this.#editItem(input.itemId, canAccess, 'change items of', (order, item) => {
      if (quantity === 0) order.items.remove(item);
      else item.quantity = quantity;
    });
  }

  removeItem(input: { itemId: string }, canAccess: (orderId: string) => void): Promise<Order> {
    return this.#editItem(input.itemId, canAccess, 'remove items from', (order, item) =>
      order.items.remove(item),
    );
  }

  /** Resolves the item's order (checking access before revealing anything), then edits it under the lock. */
  #editItem(
    itemId: string,
    canAccess: (orderId: string) => void,
    action: string,
    edit: (order: Order, item: OrderItem) => void,
  ): Promise<Order> {
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      if (!isUuid(itemId)) throw new NotFoundError('OrderItem', itemId);
      const owner = await em.findOne(OrderItem, itemId, { fields: ['order'] });
      if (!owner) throw new NotFoundError('OrderItem', itemId);
      canAccess(owner.order.id);
      const order = await this.#lockEditableOrder(em, owner.order.id, action);
      const item = order.items.getItems().find((candidate) => candidate.id === itemId);
      if (!item) throw new NotFoundError('OrderItem', itemId);
      edit(order, item);
      return this.#repriceAndSave(em, order, settings);
    });
  }

  async #lockEditableOrder(em: EntityManager, orderId: string, action: string): Promise<Order> {
    if (!isUuid(orderId)) throw new NotFoundError('Order', orderId);
    const order = await em.findOne(Order, orderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!order) throw new NotFoundError('Order', orderId);
    if (!EDITABLE_STATUSES.includes(order.status)) throw new OrderStateError(order.status, action, ['DRAFT']);
    await em.populate(order, ['items', 'items.product', 'payments', 'statusHistory'], { refresh: true });
    return order;
  }

  async #repriceAndSave(
    em: EntityManager,
    order: Order,
    settings: Parameters<typeof applyCurrentPricing>[1],
  ): Promise<Order> {
    checkOrderUnits(order);
    applyCurrentPricing(order, settings);
    // A cart edit always counts as a change of the order, even when the totals stay the same (e.g. notes).
    order.updatedAt = new Date();
    await em.flush();
    return order;
  }
}
