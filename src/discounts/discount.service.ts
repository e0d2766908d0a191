import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import { DiscountUnavailableError, InputError, NotFoundError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { OrderUnitOfWork, OrderView } from '../orders/index.ts';
import { EDITABLE_STATUSES } from '../orders/index.ts';
import { readCurrency, readPricingTerms } from '../settings/pricing-terms.ts';
import { Discount } from './discount.entity.ts';
import { type DiscountDraft, discountProblem, normalisedCode, validDiscountDraft } from './discount-rules.ts';

/** A discount with the currency its FIXED value is in (the settings currency, read in the same transaction). */
export interface DiscountInCurrency {
  discount: Discount;
  currency: string;
}

/**
 * Discount codes and their use on DRAFT orders. Lock order as everywhere: settings (share) → discount row
 * (exclusive, it holds the usage count) → order row. The usage count is checked and moved under the discount
 * row lock, so concurrent applications can never exceed the limit.
 */
export class DiscountService {
  readonly #db: Database;
  readonly #orders: OrderUnitOfWork;

  constructor(db: Database, orders: OrderUnitOfWork) {
    this.#db = db;
    this.#orders = orders;
  }

  list(): Promise<DiscountInCurrency[]> {
    return this.#db.read(async (em) => {
      const currency = await readCurrency(em);
      const discounts = await em.find(Discount, {}, { orderBy: { code: 'asc' }, limit: 500 });
      return discounts.map((discount) => ({ discount, currency }));
    });
  }

  /**
   * Creates a code; a code that exists is an InputError on `code`, also when a concurrent request inserted it
   * between the check and this insert (the unique index says so at INSERT).
   */
  async create(draft: DiscountDraft): Promise<DiscountInCurrency> {
    try {
      return await this.#create(draft);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw new InputError('code', `discount code ${normalisedCode(draft.code)} already exists`);
    }
  }

  #create(draft: DiscountDraft): Promise<DiscountInCurrency> {
    return this.#db.transaction(async (em) => {
      // FIXED amounts are checked against the currency they will be charged in, read under the share lock
      // that a currency change waits for.
      const settings = await readPricingTerms(em);
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
      return { discount, currency: settings.currency };
    });
  }

  setActive(id: string, active: boolean): Promise<DiscountInCurrency> {
    return this.#db.transaction(async (em) => {
      if (!isUuid(id)) throw new NotFoundError('Discount', id);
      const discount = await em.findOne(Discount, id, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
      });
      if (!discount) throw new NotFoundError('Discount', id);
      discount.active = active;
      await em.flush();
      return { discount, currency: await readCurrency(em) };
    });
  }

  /** Applies a code to a DRAFT order (at most one per order); the code's use is counted under its row lock. */
  async apply(orderId: string, rawCode: string): Promise<OrderView> {
    const code = normalisedCode(rawCode);
    const spec = {
      orderId,
      from: EDITABLE_STATUSES,
      action: 'apply a discount to',
      lockDiscount: { code },
    };
    const { view } = await this.#orders.write(spec, ({ order, discount, leaveUnchanged }) => {
      if (!discount) throw new NotFoundError('Discount', code);
      if (order.discount?.id === discount.id) return leaveUnchanged();
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
    });
    return view;
  }

  /** Takes the discount off a DRAFT order and gives its use back. */
  async remove(orderId: string): Promise<OrderView> {
    const spec = {
      orderId,
      from: EDITABLE_STATUSES,
      action: 'remove the discount of',
      lockDiscount: 'current' as const,
    };
    const { view } = await this.#orders.write(spec, ({ order, discount, leaveUnchanged }) => {
      if (!order.discount || !discount) return leaveUnchanged();
      discount.usedCount -= 1;
      order.discount = null;
      order.discountCode = null;
      order.discountKind = null;
      order.discountValue = null;
    });
    return view;
  }
}
