/** Order lifecycle states (docs/architecture.md, "Invariants": order lifecycle). */
export const ORDER_STATUSES = [
  'DRAFT',
  'VALIDATED',
  'PAID',
  'PREPARING',
  'READY',
  'DONE',
  'INVOICED',
  'CANCELLED',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** In-progress orders are always priced from the current settings and catalogue. */
export const IN_PROGRESS_STATUSES: readonly OrderStatus[] = ['DRAFT', 'VALIDATED'];

/** Only draft orders accept cart edits. */
export const EDITABLE_STATUSES: readonly OrderStatus[] = ['DRAFT'];
