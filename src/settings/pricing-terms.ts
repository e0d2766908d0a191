import type { EntityManager } from '@mikro-orm/core';
import { SETTINGS_ID } from './settings.entity.ts';

/** The settings a price depends on, plus the payment terminal a payment is recorded against. */
export interface PricingTerms {
  /** Percent with up to 3 decimals, as stored (e.g. "8.500"). */
  taxRatePercent: string;
  surchargePercent: string;
  /** ISO 4217 code. */
  currency: string;
  terminalProvider: string;
  /** The settings' `pricingVersion` these terms belong to; recorded on every order priced with them. */
  pricingVersion: number;
}

/**
 * Reads the terms inside the caller's transaction with a share lock on the settings row: a concurrent
 * settings change (which takes the exclusive lock) either committed before — and its values are read here —
 * or waits until this transaction commits and then re-prices what it wrote. There is deliberately no cache.
 * One plain statement: the row is only read, so it never enters the identity map.
 */
export async function readPricingTerms(em: EntityManager): Promise<PricingTerms> {
  const rows = await em
    .getConnection()
    .execute<
      { tax: string; surcharge: string; currency: string; terminal: string; pricing_version: number }[]
    >(
      'select tax_rate_percent::text as tax, surcharge_percent::text as surcharge, currency, ' +
        'terminal_provider as terminal, pricing_version from settings where id = ? for share',
      [SETTINGS_ID],
      'all',
      em.getTransactionContext(),
    );
  const row = rows[0];
  if (!row) throw new Error('the settings row is missing (migrations not applied?)');
  return {
    taxRatePercent: row.tax,
    surchargePercent: row.surcharge,
    currency: row.currency,
    terminalProvider: row.terminal,
    pricingVersion: row.pricing_version,
  };
}

/**
 * The settings currency, read without a lock (for answers that format amounts, e.g. a FIXED discount's
 * value): the ISO 4217 code.
 */
export async function readCurrency(em: EntityManager): Promise<string> {
  const rows = await em
    .getConnection()
    .execute<{ currency: string }[]>(
      'select currency from settings where id = ?',
      [SETTINGS_ID],
      'all',
      em.getTransactionContext(),
    );
  const row = rows[0];
  if (!row) throw new Error('the settings row is missing (migrations not applied?)');
  return row.currency;
}
