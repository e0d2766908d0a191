import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/** Append-only history of settings changes: one row per changed field. */
export const SettingsChangeSchema = defineEntity({
  name: 'SettingsChange',
  tableName: 'settings_change',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    changedAt: p.datetime().onCreate(() => new Date()),
    actor: p.string().length(200),
    field: p.string().length(64),
    oldValue: p.string().length(64),
    newValue: p.string().length(64),
    ordersRepriced: p.integer(),
    settingsVersion: p.integer(),
  },
  indexes: [{ properties: ['changedAt'] }],
});

export class SettingsChange extends SettingsChangeSchema.class {}
SettingsChangeSchema.setClass(SettingsChange);
