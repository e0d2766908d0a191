import { Decimal } from '../money/decimal.ts';
import type { Settings } from './settings.entity.ts';

/** Settings as clients see them; also the payload of `settingsUpdated`. */
export interface SettingsView {
  taxRatePercent: string;
  surchargePercent: string;
  currency: string;
  terminalProvider: string;
  version: number;
  updatedAt: string;
}

export function toSettingsView(settings: Settings): SettingsView {
  return {
    taxRatePercent: new Decimal(settings.taxRatePercent).toString(),
    surchargePercent: new Decimal(settings.surchargePercent).toString(),
    currency: settings.currency,
    terminalProvider: settings.terminalProvider,
    version: settings.version,
    updatedAt: settings.updatedAt.toISOString(),
  };
}

export function isSettingsView(value: unknown): value is SettingsView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.version === 'number' && typeof v.taxRatePercent === 'string' && typeof v.currency === 'string'
  );
}
