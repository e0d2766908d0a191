import type { EntityManager } from '@mikro-orm/core';
import type { Limits } from '../config.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { MAX_ORDER_UNITS } from '../money/bounds.ts';
import { EDITABLE_STATUSES } from './domain/order-status.ts';
import type { OrderView } from './domain/order-view.ts';
import { type Order, OrderItem } from './persistence/order.entity.ts';
import { type OrderUnitOfWork, peek } from './persistence/order-unit-of-work.ts';

export interface AddItemInput {
  orderId: string;
  productId: string;
  quantity: number;
  notes?: string | null;
}

/** Checks that may reject a request before any database work (docs/architecture.md, "Bounded input"). */
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
 * Cart edits, each one order write through the unit of work (which locks, loads, re-prices, bumps the
 * version and flushes). Only DRAFT orders accept them.
 */
export class CartService {
  readonly #orders: OrderUnitOfWork;
  readonly #limits: Limits;

  constructor(orders: OrderUnitOfWork, limits: Limits) {
    this.#orders = orders;
    this.#limits = limits;
  }

  createOrder(actor: string): Promise<OrderView> {
    return this.#orders.create(actor);
  }

  async addItem(input: AddItemInput): Promise<OrderView> {
    const quantity = validQuantity('quantity', input.quantity, this.#limits, false);
    const notes = validNotes(input.notes, this.#limits);
    const spec = {
      orderId: input.orderId,
      from: EDITABLE_STATUSES,
      action: 'add items to',
      addingProductId: input.productId,
    };
    const { view } = await this.#orders.write(spec, ({ em, order, addingProduct: product }) => {
      if (!product) throw new NotFoundError('Product', input.productId);
      if (!product.available) throw new InputError('productId', `${product.name} is not available`);
      const items = order.items.getItems();
      const same = items.find((item) => item.product.id === product.id && (item.notes ?? null) === notes);
      if (same) {
        same.quantity = validQuantity('quantity', same.quantity + quantity, this.#limits, false);
        checkOrderUnits(order);
        return;
      }
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
      checkOrderUnits(order);
    });
    return view;
  }

  setItemQuantity(
    input: { itemId: string; quantity: number },
    canAccess: (orderId: string) => void,
  ): Promise<OrderView> {
    const quantity = validQuantity('quantity', input.quantity, this.#limits, true);
    return this.#editItem(input.itemId, canAccess, 'change items of', (order, item) => {
      if (quantity === 0) order.items.remove(item);
      else item.quantity = quantity;
    });
  }

  removeItem(input: { itemId: string }, canAccess: (orderId: string) => void): Promise<OrderView> {
    return this.#editItem(input.itemId, canAccess, 'remove items from', (order, item) =>
      order.items.remove(item),
    );
  }

  /** Resolves the item's order (checking access before revealing anything), then edits it under the lock. */
  async #editItem(
    itemId: string,
    canAccess: (orderId: string) => void,
    action: string,
    edit: (order: Order, item: OrderItem) => void,
  ): Promise<OrderView> {
    const orderOfItem = async (em: EntityManager): Promise<string> => {
      if (!isUuid(itemId)) throw new NotFoundError('OrderItem', itemId);
      const [owner] = await peek<{ order_id: string }>(em, 'select order_id from order_item where id = ?', [
        itemId,
      ]);
      if (!owner) throw new NotFoundError('OrderItem', itemId);
      canAccess(owner.order_id);
      return owner.order_id;
    };
    const spec = { orderId: orderOfItem, from: EDITABLE_STATUSES, action };
    const { view } = await this.#orders.write(spec, ({ order }) => {
      const item = order.items.getItems().find((candidate) => candidate.id === itemId);
      if (!item) throw new NotFoundError('OrderItem', itemId);
      edit(order, item);
      checkOrderUnits(order);
    });
    return view;
  }
}
