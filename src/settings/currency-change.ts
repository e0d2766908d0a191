import type { EntityManager } from '@mikro-orm/core';
import { InputError } from '../errors.ts';
import { minorUnitsOf } from '../money/currency.ts';
import { IN_PROGRESS_STATUSES } from '../orders/index.ts';

/**
 * Amounts a currency change would re-express: catalogue prices, FIXED discount codes, and what in-progress
 * orders hold besides their re-priced totals (the FIXED discount applied, payments taken, amount paid).
 * Each is counted when it is not a whole number of the new currency's minor units.
 */
const UNREPRESENTABLE = `
  select
    (select count(*) from product where price <> round(price, ?)) as products,
    (select count(*) from discount where kind = 'FIXED' and value <> round(value, ?)) as discounts,
    (select count(*) from customer_order o
      where o.status in (${IN_PROGRESS_STATUSES.map(() => '?').join(', ')})
        and (o.amount_paid <> round(o.amount_paid, ?)
          or (o.discount_kind = 'FIXED' and o.discount_value <> round(o.discount_value, ?))
          or exists (select 1 from payment p where p.order_id = o.id
                       and (p.amount <> round(p.amount, ?) or p.change_due <> round(p.change_due, ?))))
    ) as orders`;

/**
 * Refuses a change to `currency` when any amount listed above has more decimals than the currency's minor
 * unit: re-expressing it would either show an amount different from the stored one or round money nobody
 * agreed to. Runs inside the settings change's transaction, under the settings row's exclusive lock, which
 * every price, discount and payment write takes in share mode first, so nothing new slips in meanwhile.
 *
 * @throws InputError on `currency`, naming what has to be changed first.
 */
export async function checkCurrencyChange(em: EntityManager, currency: string): Promise<void> {
  const units = minorUnitsOf(currency);
  const params = [units, units, ...IN_PROGRESS_STATUSES, units, units, units, units];
  const [row] = await em
    .getConnection()
    .execute<{ products: string; discounts: string; orders: string }[]>(
      UNREPRESENTABLE,
      params,
      'all',
      em.getTransactionContext(),
    );
  const blockers = [
    [Number(row?.products ?? 0), 'product prices'],
    [Number(row?.discounts ?? 0), 'FIXED discount codes'],
    [Number(row?.orders ?? 0), 'in-progress orders (discount or payments)'],
  ] as const;
  const found = blockers.filter(([count]) => count > 0);
  if (found.length === 0) return;
  throw new InputError(
    'currency',
    `${found.map(([count, what]) => `${count} ${what}`).join(', ')} hold amounts finer than ${currency} ` +
      `allows (${units} decimals): change those first`,
  );
}
