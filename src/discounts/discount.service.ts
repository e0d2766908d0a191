import { type EntityManager, LockMode } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import { DiscountUnavailableError, InputError, NotFoundError, OrderStateError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { Order } from '../orders/order.entity.ts';
import { applyCurrentPricing } from '../orders/order-pricing.ts';
import { EDITABLE_STATUSES } from '../orders/order-status.ts';
import { readSettingsForPricing } from '../settings/settings.service.ts';
import { Discount } from './discount.entity.ts';
import { type DiscountDraft, discountProblem, normalisedCode, validDiscountDraft } from './discount-rules.ts';

/**
 * Discount codes and their use on DRAFT orders. Lock order as everywhere: settings (share) → discount row
 * (exclusive, it holds the usage count) → order row. The usage count is checked and moved under the discount
 * row lock, so concurrent applications can never exceed the limit.
 */
export class DiscountService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  list(): Promise<Discount[]> {
    return this.#db.read((em) => em.find(Discount, {}, { orderBy: { code: 'asc' }, limit: 500 }));
  }

  create(draft: DiscountDraft): Promise<Discount> {
    return this.#db.transaction(async (em) => {
      // FIXED amounts are checked against the currency they will be charged in, read under the share lock
      // that a currency change waits for.
      const settings = await readSettingsForPricing(em);
      const valid = validDiscountDraft(draft, settings.currency);
      if (await em.findOne(Discount, { code: valid.code })) {
        throw new InputError('code', `discount code ${valid.code} already exists`);
      }
      const discount = em.create(Discount, {
        code: valid.code,
        kind: valid.kind,
        value: valid.value,
        active: valid.active ?? true,
        validFrom: valid.validFrom ?? null,
        validUntil: valid.validUntil ?? null,
        usageLimit: valid.usageLimit ?? null,
        usedCount: 0,
      });
      await em.flush();
      return discount;
    });
  }

  setActive(id: string, active: boolean): Promise<Discount> {
    return this.#db.transaction(async (em) => {
      if (!isUuid(id)) throw new NotFoundError('Discount', id);
      const discount = await em.findOne(Discount, id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
      });
      if (!discount) throw new NotFoundError('Discount', id);
      discount.active = active;
      await em.flush();
      return discount;
    });
  }

  apply(orderId: string, rawCode: string): Promise<Order> {
    const code = normalisedCode(rawCode);
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      const discount = await em.findOne(
        Discount,
        { code },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!discount) throw new NotFoundError('Discount', code);
      const order = await lockDraftOrder(em, orderId, 'apply a discount to');
      if (order.discount?.id === discount.id) return order;
      if (order.discount) {
        throw new InputError('code', `the order already has discount ${order.discountCode}: remove it first`);
      }
      const problem = discountProblem(discount, new Date());
      if (problem) throw new DiscountUnavailableError(code, problem);
      discount.usedCount += 1;
      order.discount = discount;
      order.discountCode = discount.code;
      order.discountKind = discount.kind;
      order.discountValue = discount.value;
      applyCurrentPricing(order, settings);
      order.updatedAt = new Date();
      await em.flush();
      return order;
    });
  }

  remove(orderId: string): Promise<Order> {
    return this.#db.transaction(async (em) => {
      const settings = await readSettingsForPricing(em);
      if (!isUuid(orderId)) throw new NotFoundError('Order', orderId);
      const peek = await em.findOne(Order, orderId, { fields: ['discount'] });
      if (peek?.discount) {
        await em.findOne(Discount, peek.discount.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      }
      const order = await lockDraftOrder(em, orderId, 'remove the discount of');
      if (!order.discount) return order;
      order.discount.usedCount -= 1;
      order.discount = null;
      order.discountCode = null;
      order.discountKind = null;
      order.discountValue = null;
      applyCurrentPricing(order, settings);
      order.updatedAt = new Date();
      await em.flush();
      return order;
    });
  }
}

async function lockDraftOrder(em: EntityManager, orderId: string, action: string): Promise<Order> {
  if (!isUuid(orderId)) throw new NotFoundError('Order', orderId);
  const order = await em.findOne(Order, orderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!order) throw new NotFoundError('Order', orderId);
  if (!EDITABLE_STATUSES.includes(order.status)) throw new OrderStateError(order.status, action, ['DRAFT']);
  await em.populate(order, ['items', 'items.product', 'discount'], { refresh: true });
  return order;
}
