import { defineEntity, p } from '@mikro-orm/core';

/**
 * The last invoice number issued. Incremented under a row lock inside the invoicing transaction, so numbers
 * are gap-free (a rollback un-issues its number) and strictly increasing in commit order.
 */
export const InvoiceCounterSchema = defineEntity({
  name: 'InvoiceCounter',
  tableName: 'invoice_counter',
  properties: {
    id: p.integer().primary().autoincrement(false),
    lastNumber: p.integer(),
  },
});

export class InvoiceCounter extends InvoiceCounterSchema.class {}
InvoiceCounterSchema.setClass(InvoiceCounter);
