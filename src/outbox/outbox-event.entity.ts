import { defineEntity, p } from '@mikro-orm/core';

/**
 * One committed change that live views must hear about, written in the same transaction as the change (the
 * transactional outbox). A row exists until its change has been published; rows are written and read with
 * plain SQL (see outbox-store.ts), the entity only declares the table for migrations.
 */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_event',
  properties: {
    id: p.bigint().primary().autoincrement(),
    /** The writing transaction's start (`now()`): the age of the oldest row is the outbox's lag. */
    createdAt: p.datetime().defaultRaw('now()'),
    /** `[{ id, created, previousStatus }]`: the orders the transaction changed, at most one chunk's worth. */
    orders: p.json(),
    settingsChanged: p.boolean(),
  },
});

export class OutboxEvent extends OutboxEventSchema.class {}
OutboxEventSchema.setClass(OutboxEvent);
