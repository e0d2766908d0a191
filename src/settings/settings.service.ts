import { type EntityManager, LockMode } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import { Decimal } from '../money/decimal.ts';
import type { PriceChange } from '../orders/repricing/price-change.entity.ts';
import type { PricingChanges } from '../orders/repricing/repricer.ts';
import { SETTINGS_ID, Settings } from './settings.entity.ts';
import { SettingsChange } from './settings-change.entity.ts';
import { type SettingsPatch, validateSettingsPatch } from './settings-rules.ts';

const PRICING_FIELDS = ['taxRatePercent', 'surchargePercent', 'currency'] as const;
const ALL_FIELDS = [...PRICING_FIELDS, 'terminalProvider'] as const;

/**
 * Reads the settings row inside the caller's transaction with a share lock: a concurrent settings change
 * (which takes the exclusive lock) either committed before — and its values are read here — or waits until
 * this transaction commits and then re-prices what it wrote. There is deliberately no cache.
 */
export function readSettingsForPricing(em: EntityManager): Promise<Settings> {
  return em.findOneOrFail(Settings, SETTINGS_ID, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
}

export class SettingsService {
  readonly #db: Database;
  readonly #pricing: PricingChanges | undefined;

  /** Without `pricing` (tools that only read), a change of pricing terms is refused. */
  constructor(db: Database, pricing?: PricingChanges) {
    this.#db = db;
    this.#pricing = pricing;
  }

  current(): Promise<Settings> {
    return this.#db.read((em) => em.findOneOrFail(Settings, SETTINGS_ID));
  }

  /** Newest first; `after` is the last row of the previous page (rows of one change share a timestamp). */
  history(first: number, after?: { changedAt: Date; id: string }): Promise<SettingsChange[]> {
    const where = after
      ? {
          $or: [
            { changedAt: { $lt: after.changedAt } },
            { changedAt: after.changedAt, id: { $lt: after.id } },
          ],
        }
      : {};
    return this.#db.read((em) =>
      em.find(SettingsChange, where, {
        orderBy: { changedAt: 'desc', id: 'desc' },
        limit: first,
        populate: ['priceChange'],
      }),
    );
  }

  /**
   * Validates and applies a change in one short transaction that also records the history and, when a
   * pricing term changed, bumps `pricingVersion` and records the price change. Tills wait for that
   * transaction only. Once it has committed, the open orders are re-priced in batches (see OrderRepricer);
   * resolves when they all carry the new terms.
   */
  async update(actor: string, patch: SettingsPatch): Promise<Settings> {
    const valid = validateSettingsPatch(patch);
    const { settings, priceChange } = await this.#db.transaction(async (em) => {
      const settings = await em.findOneOrFail(Settings, SETTINGS_ID, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
      });
      const changes = ALL_FIELDS.flatMap((field) => {
        const next = valid[field];
        const previous = normalised(field, String(settings[field]));
        return next !== undefined && previous !== normalised(field, next) ? [{ field, previous, next }] : [];
      });
      if (changes.length === 0) return { settings, priceChange: undefined };
      const terms = changes.filter(({ field }) => (PRICING_FIELDS as readonly string[]).includes(field));
      for (const { field, next } of changes) settings[field] = next;
      if (terms.length > 0) settings.pricingVersion += 1;
      await em.flush();
      let priceChange: PriceChange | undefined;
      if (terms.length > 0) {
        if (!this.#pricing) throw new Error('this SettingsService was built without re-pricing');
        priceChange = this.#pricing.recordSettingsChange(em, {
          actor,
          terms,
          pricingVersion: settings.pricingVersion,
        });
      }
      for (const { field, previous, next } of changes) {
        em.create(SettingsChange, {
          actor,
          field,
          oldValue: previous,
          newValue: next,
          settingsVersion: settings.version,
          priceChange: priceChange ?? null,
        });
      }
      await em.flush();
      return { settings, priceChange };
    });
    if (priceChange && this.#pricing) await this.#pricing.repriceAfter(priceChange);
    return settings;
  }
}

/** Rates compare and are recorded as numbers ("8.5" equals "8.500"); codes compare exactly. */
function normalised(field: string, value: string): string {
  return (PRICING_FIELDS as readonly string[]).includes(field) && field !== 'currency'
    ? new Decimal(value).toString()
    : value;
}
