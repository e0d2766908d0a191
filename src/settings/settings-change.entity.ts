import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { MAX_ACTOR_LENGTH } from '../auth/viewer.ts';
import { PriceChange } from '../price-changes/price-change.entity.ts';

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
    actor: p.string().length(MAX_ACTOR_LENGTH),
    field: p.string().length(64),
    oldValue: p.string().length(64),
    newValue: p.string().length(64),
    settingsVersion: p.integer(),
    /** The pricing change this field belongs to (tax, surcharge, currency), whose re-pricing it reports. */
    priceChange: () => p.manyToOne(PriceChange).nullable(),
  },
  indexes: [{ properties: ['changedAt'] }],
});

export class SettingsChange extends SettingsChangeSchema.class {}
SettingsChangeSchema.setClass(SettingsChange);
