import { defineEntity, p } from '@mikro-orm/core';

/** The one settings row (id 1). Every price computed after a change commits reads it inside its transaction. */
export const SETTINGS_ID = 1;

export const SettingsSchema = defineEntity({
  name: 'Settings',
  tableName: 'settings',
  properties: {
    id: p.integer().primary().autoincrement(false),
    taxRatePercent: p.decimal().precision(6).scale(3),
    surchargePercent: p.decimal().precision(6).scale(3),
    currency: p.string().length(3),
    terminalProvider: p.string().length(32),
    version: p.integer().version(),
    /**
     * Bumped by every change of a pricing term (tax, surcharge, currency) and only then: an in-progress order
     * priced with a lower one is due for re-pricing and may not leave DRAFT/VALIDATED until it is.
     */
    pricingVersion: p.integer().default(1),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Settings extends SettingsSchema.class {}
SettingsSchema.setClass(Settings);
