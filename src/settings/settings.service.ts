import { type FilterQuery, LockMode } from '@mikro-orm/core';
import type { Database } from '../db/database.ts';
import { Decimal } from '../money/decimal.ts';
import type { PriceChange } from '../price-changes/price-change.entity.ts';
import type { PricingChanges } from '../price-changes/pricing-changes.ts';
import { checkCurrencyChange } from './currency-change.ts';
import { SETTINGS_ID, Settings } from './settings.entity.ts';
import { SettingsChange } from './settings-change.entity.ts';
import { type SettingsPatch, validateSettingsPatch } from './settings-rules.ts';

const PRICING_FIELDS = ['taxRatePercent', 'surchargePercent', 'currency'] as const;
const ALL_FIELDS = [...PRICING_FIELDS, 'terminalProvider'] as const;

/** A row's place in the history's order. */
export interface HistoryPosition {
  changedAt: Date;
  id: string;
}

/** Rows strictly between two positions; `limit` rows at most, oldest first when `inverted`. */
export interface HistoryWindow {
  after?: HistoryPosition;
  before?: HistoryPosition;
  limit: number;
  inverted: boolean;
}

function olderThan(position: HistoryPosition): FilterQuery<SettingsChange> {
  return {
    $or: [
      { changedAt: { $lt: position.changedAt } },
      { changedAt: position.changedAt, id: { $lt: position.id } },
    ],
  };
}

function newerThan(position: HistoryPosition): FilterQuery<SettingsChange> {
  return {
    $or: [
      { changedAt: { $gt: position.changedAt } },
      { changedAt: position.changedAt, id: { $gt: position.id } },
    ],
  };
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

  /** Newest first (reversed when `inverted`), strictly between the `after` and `before` positions. */
  history(window: HistoryWindow): Promise<SettingsChange[]> {
    const and: FilterQuery<SettingsChange>[] = [];
    if (window.after) and.push(olderThan(window.after));
    if (window.before) and.push(newerThan(window.before));
    const direction = window.inverted ? 'asc' : 'desc';
    return this.#db.read((em) =>
      em.find(SettingsChange, and.length ? { $and: and } : {}, {
        orderBy: { changedAt: direction, id: direction },
        limit: window.limit,
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
      if (valid.currency !== undefined && changes.some(({ field }) => field === 'currency')) {
        await checkCurrencyChange(em, valid.currency);
      }
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
