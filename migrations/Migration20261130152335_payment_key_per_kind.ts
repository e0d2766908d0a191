import { Migration } from '@mikro-orm/migrations';

/**
 * Payment idempotency keys unique per kind (src/orders/persistence/payment.entity.ts): client-chosen PAYMENT keys
 * can no longer occupy the REFUND keys the server derives when it cancels a paid order.
 */
export class Migration20261130152335_payment_key_per_kind extends Migration {
  override name = 'Migration20261130152335_payment_key_per_kind';

  override up(): void | Promise<void> {
    this.addSql(`alter table "payment" drop constraint "payment_idempotency_key_unique";`);
    this.addSql(
      `alter table "payment" add constraint "payment_kind_idempotency_key_unique" unique ("kind", "idempotency_key");`,
    );
  }

  // Fails if a client key equals a refund key by then: such rows were exactly what the old constraint refused.
  override down(): void | Promise<void> {
    this.addSql(`alter table "payment" drop constraint "payment_kind_idempotency_key_unique";`);
    this.addSql(
      `alter table "payment" add constraint "payment_idempotency_key_unique" unique ("idempotency_key");`,
    );
  }
}
