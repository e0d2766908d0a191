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
