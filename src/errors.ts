/**
 * Expected domain failures. Services throw them; the schema lists them in each mutation's result union, so
 * clients receive them as typed values (`... on InputError { field }`), never as opaque GraphQL errors.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** An input broke a stated bound; `field` names it (dotted path inside the input object). */
export class InputError extends DomainError {
  readonly code = 'BAD_INPUT';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly entity: string;
  readonly id: string;
  constructor(entity: string, id: string) {
    super(`${entity} ${id} does not exist`);
    this.entity = entity;
    this.id = id;
  }
}

/** The order's status does not allow the requested action. */
export class OrderStateError extends DomainError {
  readonly code = 'ORDER_STATE';
  readonly status: string;
  readonly allowed: readonly string[];
  constructor(status: string, action: string, allowed: readonly string[]) {
    super(`cannot ${action} an order in status ${status}`);
    this.status = status;
    this.allowed = allowed;
  }
}

/** A line that cannot be sold now; named so the till can point at it. */
export interface OrderLineProblem {
  productId: string;
  name: string;
  requested: number;
  /** Units on hand (null for products whose stock is not tracked). */
  inStock: number | null;
}

/** Validation needs at least one item. */
export class EmptyOrderError extends DomainError {
  readonly code = 'EMPTY_ORDER';
  constructor() {
    super('an order needs at least one item');
  }
}

/** Stock-tracked products on the order do not have enough units. */
export class OutOfStockError extends DomainError {
  readonly code = 'OUT_OF_STOCK';
  readonly lines: readonly OrderLineProblem[];
  constructor(lines: readonly OrderLineProblem[]) {
    super(`not enough stock for ${lines.map((line) => line.name).join(', ')}`);
    this.lines = lines;
  }
}

/** Products on the order are no longer available. */
export class UnavailableProductError extends DomainError {
  readonly code = 'PRODUCT_UNAVAILABLE';
  readonly lines: readonly OrderLineProblem[];
  constructor(lines: readonly OrderLineProblem[]) {
    super(`not available: ${lines.map((line) => line.name).join(', ')}`);
    this.lines = lines;
  }
}

export const DISCOUNT_PROBLEMS = ['INACTIVE', 'NOT_YET_VALID', 'EXPIRED', 'EXHAUSTED'] as const;
export type DiscountProblem = (typeof DISCOUNT_PROBLEMS)[number];

/** The discount code exists but cannot be used now. */
export class DiscountUnavailableError extends DomainError {
  readonly code = 'DISCOUNT_UNAVAILABLE';
  readonly discountCode: string;
  readonly reason: DiscountProblem;
  constructor(discountCode: string, reason: DiscountProblem) {
    super(`discount ${discountCode} cannot be used: ${reason.toLowerCase().replaceAll('_', ' ')}`);
    this.discountCode = discountCode;
    this.reason = reason;
  }
}
